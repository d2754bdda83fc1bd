import { db } from '../db';
import { edgeUi } from '../tls/edge-ui';

/**
 * When the edge serves Berth's own UI (BERTH_EDGE_UI_UPSTREAM + an https BERTH_PUBLIC_URL), its
 * hostname gets an ACME certificate row like a custom domain's: the renewal pass orders and
 * renews it. Idempotent; returns the hostname or null when the edge does not serve the UI.
 */
export async function ensureUiCertificate(): Promise<string | null> {
  const ui = edgeUi();
  if (!ui) return null;
  await db.certificate.createMany({ data: [{ source: 'ACME', hostname: ui.hostname }], skipDuplicates: true });
  return ui.hostname;
}
