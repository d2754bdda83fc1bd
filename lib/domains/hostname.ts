/**
 * Custom-domain hostnames (pure, unit-tested). A hostname reaches nginx's server_name, file names
 * and ACME orders, so the rule is strict: lower-case ASCII DNS names (IDNs in their xn-- form),
 * at least two labels, no wildcard, no IP address, no trailing dot.
 */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower-cases, trims and drops one trailing dot (what a user pastes from a DNS console). */
export function normalizeHostname(input: string): string {
  return input.trim().toLowerCase().replace(/\.$/, '');
}

/** Null when `hostname` (already normalised) is a valid custom-domain name; else the reason. */
export function hostnameProblem(hostname: string): string | null {
  if (hostname.length === 0) return 'Hostname is required';
  if (hostname.length > 253) return 'Hostname must be at most 253 characters';
  if (hostname.startsWith('*.')) return 'Wildcard hostnames are not supported: add each name';
  if (/[^\x20-\x7e]/.test(hostname)) return 'Use the ASCII (xn--…) form of an internationalised name';
  if (/^[0-9.]+$/.test(hostname) || hostname.includes(':')) return 'Use a DNS name, not an IP address';
  const labels = hostname.split('.');
  if (labels.length < 2) return 'Hostname must have at least two labels, e.g. shop.example.com';
  for (const label of labels) {
    if (label.length === 0) return 'Hostname has an empty label (two dots in a row)';
    if (label.length > 63) return 'Each label of the hostname must be at most 63 characters';
    if (!LABEL.test(label)) return `"${label}" is not a valid DNS label (letters, digits and dashes; no dash at either end)`;
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return 'The top-level domain cannot be numeric';
  return null;
}

/**
 * Where `hostname` sits relative to the apps domain: `null` when outside it, else the app-name
 * label it falls under (`shop` for shop.apps.example.com and www.shop.apps.example.com) or ''
 * for the apps domain itself.
 */
export function appLabelUnder(hostname: string, appsDomain: string): string | null {
  if (hostname === appsDomain) return '';
  if (!hostname.endsWith(`.${appsDomain}`)) return null;
  const rest = hostname.slice(0, -(appsDomain.length + 1)).split('.');
  return rest[rest.length - 1];
}
