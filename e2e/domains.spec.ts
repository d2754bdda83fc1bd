import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { createTestCa, createTestKey, createTestLeaf } from '../test/support/test-certs';
import { expect, randomSuffix, test } from './fixtures';

// Custom domain with an uploaded certificate, from the UI: a wrong key is refused with the
// reason; the right one shows "Certificate issued" (Uploaded, expiry, DNS record), nginx presents
// it for the name (SNI) and the app answers over HTTPS once live (curl --resolve --cacert).
const run = promisify(execFile);
const tlsPort = Number(process.env.BERTH_PROXY_TLS_PORT ?? 8443);

function servedFingerprint(servername: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: tlsPort, servername, ca }, () => {
      const fp = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fp);
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('TLS handshake timed out')));
    socket.on('error', reject);
  });
}

async function httpsStatus(hostname: string, caFile: string): Promise<number> {
  const { stdout } = await run(
    'curl',
    ['-sS', '--max-time', '10', '-o', '/dev/null', '-w', '%{http_code}', '--resolve', `${hostname}:${tlsPort}:127.0.0.1`, '--cacert', caFile, '--', `https://${hostname}:${tlsPort}/`],
    { timeout: 20_000 },
  ).catch(() => ({ stdout: '0' }));
  return Number(stdout);
}

test('a custom domain with an uploaded certificate is added from the Domains tab and served over HTTPS', async ({ signedInPage: page, api }) => {
  test.setTimeout(360_000);
  const name = `dom${randomSuffix()}`;
  const hostname = `www.${name}-shop.example.test`;
  const created = await api.post('/api/apps', { data: { name, template: 'php' } });
  expect(created.status(), await created.text()).toBe(201);
  const ca = await createTestCa();
  const leaf = await createTestLeaf(ca, [hostname]);
  const caFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-ca-')), 'ca.pem');
  await writeFile(caFile, ca.certPem);

  try {
    await page.goto(`/apps/${name}`);
    await page.getByRole('link', { name: 'Domains' }).click();
    await expect(page).toHaveURL(new RegExp(`/apps/${name}/domains$`));
    await expect(page.getByTestId(`domain-${name}.localhost`)).toBeVisible();

    const form = page.getByTestId('add-domain-form');
    await form.getByLabel('Hostname').fill(hostname);
    await form.getByLabel('Upload a certificate').check();
    await form.getByLabel(/Certificate \(PEM/).fill(leaf.certPem + leaf.chainPem);
    await form.getByLabel(/Private key/).fill(await createTestKey());
    await form.getByRole('button', { name: 'Add domain' }).click();
    await expect(page.getByTestId('domains-error')).toContainText('The private key does not match the certificate');
    await expect(page.getByTestId(`domain-${hostname}`)).toHaveCount(0);

    await form.getByLabel(/Private key/).fill(leaf.keyPem);
    await form.getByRole('button', { name: 'Add domain' }).click();
    const row = page.getByTestId(`domain-${hostname}`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('certificate-status')).toHaveText('Certificate issued');
    await expect(row.getByTestId('certificate-source')).toHaveText('Uploaded');
    const notAfter = new Date(new X509Certificate(leaf.certPem).validTo).toISOString().slice(0, 10);
    await expect(row.getByTestId('certificate-expiry')).toHaveText(notAfter);
    await expect(page.getByTestId('dns-instruction')).toContainText(hostname);

    // nginx picks this certificate for the name, and the app answers over HTTPS once it is live.
    const fp = await servedFingerprint(hostname, ca.certPem);
    expect(fp).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    await expect.poll(() => httpsStatus(hostname, caFile), { timeout: 240_000, intervals: [2_000] }).toBe(200);

    await page.reload();
    await expect(page.getByTestId(`domain-${hostname}`).getByTestId('certificate-status')).toHaveText('Certificate issued');
  } finally {
    await api.delete(`/api/apps/${name}?confirm=${name}`);
  }
});
