import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every API route needs a session or token. This guards against a new route handler that forgets
// to ask: each app/api/**/route.ts must call requireActor/getActor, or be on this short list of
// routes that authenticate differently — with the reason.
const PUBLIC_ROUTES: Record<string, string> = {
  'app/api/setup/route.ts': 'first-run admin creation; refused once any user exists',
  'app/api/session/route.ts': 'sign-in itself',
  'app/api/internal/push/route.ts': "Berth's own post-receive hook, authenticated by a per-process secret",
  'app/api/apps/[name]/webhook/route.ts': 'git provider webhooks, authenticated by the app webhook secret',
};

const root = path.resolve(import.meta.dirname, '../..');

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === 'route.ts' ? [path.relative(root, full)] : [];
  });
}

describe('API routes', () => {
  it('all require a signed-in actor unless explicitly public', () => {
    const unguarded = routeFiles(path.join(root, 'app/api')).filter(
      (file) => !(file in PUBLIC_ROUTES) && !/\b(requireActor|getActor)\(/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(unguarded, 'these route handlers never call requireActor/getActor').toEqual([]);
  });
});
