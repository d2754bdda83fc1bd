import { config } from '../config';

/** Public URL of an app through the edge proxy, e.g. http://shop.localhost:8080 (":80" omitted). */
export function appUrl(name: string): string {
  const c = config();
  const port = c.BERTH_PROXY_PORT === 80 ? '' : `:${c.BERTH_PROXY_PORT}`;
  return `http://${appHostname(name)}${port}`;
}

/** The default route's hostname: <name>.<apps-domain>. */
export function appHostname(name: string): string {
  return `${name}.${config().BERTH_APPS_DOMAIN}`;
}

/** Clone URL served by Berth's git smart-HTTP endpoint. */
export function gitUrl(name: string): string {
  return `${config().BERTH_PUBLIC_URL.replace(/\/+$/, '')}/git/${name}.git`;
}
