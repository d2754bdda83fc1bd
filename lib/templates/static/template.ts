import type { LanguageTemplate } from '../language';
import { hasFile } from '../language';
import type { StaticPlan } from '../types';

/**
 * Static site (Dokku's `.static` / Heroku's static buildpack): Debian nginx inside the app
 * container serves /app on $PORT as the non-root user. `static.json` is read at build time:
 * `root` (a directory in the repo), `clean_urls` (`/about` serves `about.html`) and `error_page`
 * (custom 404 page). Settings reach the runtime's start script as STATIC_* env vars.
 */
export const staticSite: LanguageTemplate<StaticPlan> = {
  template: 'STATIC',
  runtime: 'static',
  looksFor: 'index.html or .static (static site)',
  matches: (tree) => ['.static', 'index.html'].find((f) => hasFile(tree, f)) ?? null,
  plan: (tree, warnings) => ({ template: 'STATIC', ...readStaticJson(tree.read('static.json'), warnings) }),
  needsNetwork: () => false, // no RUN step of the app's
  dockerfile: (plan, b, processTypes) => {
    const env: string[] = [];
    if (plan.root) env.push(`STATIC_ROOT=${plan.root}`);
    if (plan.cleanUrls) env.push('STATIC_CLEAN_URLS=1');
    if (plan.errorPage) env.push(`STATIC_404=${plan.errorPage}`);
    if (env.length) b.add(`ENV ${env.join(' ')}`);
    if (processTypes.web) b.shellCmd(processTypes.web);
    b.copySource();
  },
};

const SAFE_PATH = /^\/?[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/;

/** static.json → {root, cleanUrls, errorPage}; unsafe or unknown values are warned about and dropped. */
export function readStaticJson(
  text: string | null,
  warnings: string[],
): { root: string | null; cleanUrls: boolean; errorPage: string | null } {
  const none = { root: null, cleanUrls: false, errorPage: null };
  if (text === null) return none;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    warnings.push('static.json is not valid JSON; ignored');
    return none;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    warnings.push('static.json must be an object; ignored');
    return none;
  }
  const json = data as Record<string, unknown>;
  const path = (key: string): string | null => {
    const value = json[key];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'string' && SAFE_PATH.test(value) && !value.split('/').includes('..'))
      return value.replace(/^\/+|\/+$/g, '') || null;
    warnings.push(`static.json ${key} must be a relative path of letters, digits, . _ - and /; ignored`);
    return null;
  };
  return { root: path('root'), cleanUrls: json.clean_urls === true, errorPage: path('error_page') };
}
