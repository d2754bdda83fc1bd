import { isValidAppName } from '../model/app-names';

export type GitService = 'git-upload-pack' | 'git-receive-pack';
export type GitRequest = {
  app: string;
  /** PATH_INFO for http-backend: /<app>.git/<rest> */
  pathInfo: string;
  service: GitService;
  /** QUERY_STRING passed on (only ever `service=<service>`). */
  queryString: string;
};

const ROUTE = /^\/git\/([a-z0-9-]+)\.git\/(info\/refs|git-upload-pack|git-receive-pack|HEAD)$/;

/**
 * Parses a smart-HTTP request URL strictly; anything else is null (→ 404). The raw path is
 * checked before any decoding: percent-escapes (e.g. %2e%2e), "..", doubled slashes and names
 * that are not valid app names never reach git.
 */
export function parseGitPath(method: string, rawPath: string, search: string): GitRequest | null {
  if (rawPath.includes('%') || rawPath.includes('..') || rawPath.includes('//') || rawPath.includes('\\')) return null;
  const match = ROUTE.exec(rawPath);
  if (!match || !isValidAppName(match[1])) return null;
  const [, app, rest] = match;
  const params = new URLSearchParams(search);
  let service: GitService;
  let queryString = '';
  if (rest === 'info/refs') {
    if (method !== 'GET') return null;
    const s = params.get('service');
    if (s !== 'git-upload-pack' && s !== 'git-receive-pack') return null; // no dumb protocol
    service = s;
    queryString = `service=${s}`;
  } else if (rest === 'HEAD') {
    if (method !== 'GET') return null;
    service = 'git-upload-pack';
  } else {
    if (method !== 'POST') return null;
    service = rest as GitService;
  }
  return { app, pathInfo: `/${app}.git/${rest}`, service, queryString };
}
