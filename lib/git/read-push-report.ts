import { JSON_BODY_LIMIT, readBodyBytes } from '../http/read-body';

/**
 * The post-receive hook's report (lib/git/hooks.ts), not yet validated (ZPushReport does that):
 * the body is git's own hook input as it is — one "<old-sha> <new-sha> <ref>" line per updated
 * ref — and the app and push id come as headers, so the hook (sh + curl) builds no JSON.
 */
export async function readPushReport(request: Request): Promise<unknown> {
  const text = (await readBodyBytes(request, JSON_BODY_LIMIT)).toString('utf8');
  return {
    app: request.headers.get('x-berth-app'),
    pushId: request.headers.get('x-berth-push-id') || undefined,
    updates: parseRefUpdates(text),
  };
}

/** git's pre/post-receive input lines; ref names cannot contain spaces, so three fields each. */
export function parseRefUpdates(text: string): { oldSha: string; newSha: string; ref: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter((parts) => parts.length === 3 && !parts[2].includes('\0'))
    .map(([oldSha, newSha, ref]) => ({ oldSha, newSha, ref }));
}
