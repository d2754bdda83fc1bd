import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every API route needs a session or token. This guards against a new route handler that forgets
// to ask: each app/api/**/route.ts must call requireActor/getActor, or wrap its handlers in
// `appRoute` from lib/http/app-route.ts (which calls requireActor), or be on this short list of
// routes that authenticate differently — with the reason.
const PUBLIC_ROUTES: Record<string, string> = {
  'app/api/setup/route.ts': 'first-run admin creation; refused once any user exists',
  'app/api/session/route.ts': 'sign-in itself',
  'app/api/internal/push/route.ts': "Berth's own post-receive hook, authenticated by a per-process secret",
  'app/api/apps/[name]/webhook/route.ts': 'git provider webhooks, authenticated by the app webhook secret',
};

const root = path.resolve(import.meta.dirname, '../..');
const APP_ROUTE_HELPER = 'lib/http/app-route.ts';

const callsActor = (source: string) => /\b(requireActor|getActor)\(/.test(source);
// Only the real helper counts: imported from lib/http/app-route and actually called.
const usesAppRoute = (source: string) =>
  /import\s*\{[^}]*\bappRoute\b[^}]*\}\s*from\s*'@\/lib\/http\/app-route'/.test(source) &&
  /\bappRoute(<[^>]*>)?\(/.test(source);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === 'route.ts' ? [path.relative(root, full)] : [];
  });
}

describe('API routes', () => {
  it('all require a signed-in actor unless explicitly public', () => {
    const unguarded = routeFiles(path.join(root, 'app/api')).filter((file) => {
      if (file in PUBLIC_ROUTES) return false;
      const source = readFileSync(path.join(root, file), 'utf8');
      return !callsActor(source) && !usesAppRoute(source);
    });
    expect(unguarded, 'these route handlers never call requireActor/getActor/appRoute').toEqual([]);
  });

  it('count appRoute as authenticated only because it calls requireActor', () => {
    expect(callsActor(readFileSync(path.join(root, APP_ROUTE_HELPER), 'utf8'))).toBe(true);
  });

  it('do not count a look-alike appRoute that is not the helper', () => {
    expect(usesAppRoute("const appRoute = (f) => f;\nexport const GET = appRoute(async () => x);")).toBe(false);
    expect(usesAppRoute("import { appRoute } from '@/lib/http/app-route';\n")).toBe(false);
    expect(usesAppRoute("import { appRoute } from '@/lib/http/app-route';\nexport const GET = appRoute<{ id: string }>(f);")).toBe(true);
  });
});
