import fs from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config';

/**
 * The CA bundle every build trusts: BERTH_BUILD_CA_FILE (the host's bundle) plus every *.crt in
 * BERTH_BUILD_CA_DIR (extra roots such as a TLS-inspecting proxy's). Copied into the image
 * before dependency installs, so npm/pip/composer/maven reach their registries from here.
 */
export async function buildCaBundle(): Promise<string> {
  const { BERTH_BUILD_CA_FILE, BERTH_BUILD_CA_DIR } = config();
  const parts: string[] = [];
  const seen = new Set<string>();
  const add = (pem: string) => {
    const text = pem.trim();
    if (text && !seen.has(text)) {
      seen.add(text);
      parts.push(text);
    }
  };
  add(await fs.readFile(BERTH_BUILD_CA_FILE, 'utf8').catch(() => ''));
  const names = await fs.readdir(BERTH_BUILD_CA_DIR).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.crt')).sort()) {
    const pem = await fs.readFile(path.join(BERTH_BUILD_CA_DIR, name), 'utf8').catch(() => '');
    // The host bundle usually already contains them (update-ca-certificates); add the rest.
    for (const cert of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      if (!parts.some((p) => p.includes(cert))) add(cert);
    }
  }
  return `${parts.join('\n')}\n`;
}
