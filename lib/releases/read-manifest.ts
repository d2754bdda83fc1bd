import fs from 'node:fs';
import git from 'isomorphic-git';
import { repoDir } from '../git/repo-path';
import { parseHealthCheck, type HealthCheck } from '../deploys/health-check';

/**
 * Procfile process types and the app.json health check of a commit, read from the app's bare
 * repository. A missing repository, commit or file simply means "none" (e.g. a Dockerfile app
 * without Procfile): the image's CMD is the web process and the default health check applies.
 */
export type Manifest = { processTypes: Record<string, string>; healthcheck: HealthCheck | null };

export async function readManifest(appName: string, commitSha: string): Promise<Manifest> {
  const [procfile, appJson] = await Promise.all([
    readText(appName, commitSha, 'Procfile'),
    readText(appName, commitSha, 'app.json'),
  ]);
  return {
    processTypes: procfile ? parseProcfile(procfile) : {},
    healthcheck: appJson ? healthcheckFromAppJson(appJson) : null,
  };
}

async function readText(appName: string, oid: string, filepath: string): Promise<string | null> {
  try {
    const { blob } = await git.readBlob({ fs, gitdir: repoDir(appName), oid, filepath });
    return Buffer.from(blob).toString('utf8');
  } catch {
    return null;
  }
}

/** Heroku Procfile: `type: command` lines; blank lines and `#` comments ignored. */
export function parseProcfile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z0-9_-]+)\s*:\s*(.+)$/.exec(line);
    if (match) out[match[1].toLowerCase()] = match[2].trim();
  }
  return out;
}

/**
 * app.json health check, accepted in two shapes: Berth's own `"healthcheck": { path,
 * expectedStatus, timeoutMs, attempts }` and Dokku's `"healthchecks": { "web": [{ path,
 * attempts, timeout (s) }] }`.
 */
export function healthcheckFromAppJson(text: string): HealthCheck | null {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (json.healthcheck) return parseHealthCheck(json.healthcheck);
  const web = (json.healthchecks as { web?: Record<string, unknown>[] } | undefined)?.web?.[0];
  if (!web) return null;
  return parseHealthCheck({
    path: web.path,
    expectedStatus: web.expectedStatus ?? 200,
    timeoutMs: typeof web.timeout === 'number' ? web.timeout * 1000 : undefined,
    attempts: web.attempts,
  });
}
