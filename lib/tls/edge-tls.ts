/** What the edge config needs to serve HTTPS (rendered by lib/proxy/render-tls, prepared by prepare-edge-tls). */
export type EdgeTls = {
  port: number;
  /** Directory of pending HTTP-01 answers, one file per token. */
  challengeDir: string;
  /** hostname → certificate chain and key files (custom domains, wildcard-covered default names, Berth's own). */
  servers: Record<string, { cert: string; key: string }>;
};

/** Berth's own UI, API and git behind the edge (BERTH_EDGE_UI_UPSTREAM with an https public URL). */
export type EdgeUi = { hostname: string; upstream: string };
