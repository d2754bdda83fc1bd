/** What the edge config needs to serve HTTPS (rendered by lib/proxy/render-tls, prepared by prepare-edge-tls). */
export type EdgeTls = {
  port: number;
  /** Directory of pending HTTP-01 answers, one file per token. */
  challengeDir: string;
  /** hostname → certificate chain and key files (custom domains, wildcard-covered default names). */
  servers: Record<string, { cert: string; key: string }>;
};
