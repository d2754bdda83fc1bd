import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every API route handler needs a session or token. This guards against a handler that forgets to
// ask — checked per exported handler, not per file: a route file whose GET asks but whose POST
// does not is caught. Each exported GET/POST/PUT/PATCH/DELETE/HEAD/OPTIONS must be wrapped in
// `appRoute` from lib/http/app-route.ts (which calls requireActor), or call requireActor/getActor
// itself, or be on this short list of handlers that authenticate differently — with the reason.
const PUBLIC_HANDLERS: Record<string, Partial<Record<Method, string>>> = {
  'app/api/setup/route.ts': {
    GET: 'whether the first admin still has to be created (the sign-in page asks)',
    POST: 'first-run admin creation; refused once any user exists',
  },
  'app/api/session/route.ts': {
    POST: 'sign-in itself',
    DELETE: 'sign-out: ends whatever session the cookie names, if any, and clears the cookie',
  },
  'app/api/internal/push/route.ts': {
    POST: "Berth's own post-receive hook, authenticated by a per-process secret",
  },
  'app/api/apps/[name]/webhook/route.ts': {
    POST: 'git provider webhooks, authenticated by the app webhook secret (HMAC signature)',
  },
};

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
type Method = (typeof METHODS)[number];

const root = path.resolve(import.meta.dirname, '../..');
const APP_ROUTE_HELPER = 'lib/http/app-route.ts';

const callsActor = (source: string) => /\b(requireActor|getActor)\(/.test(source);
// Only the real helper counts: imported from lib/http/app-route and actually called.
const usesAppRoute = (source: string) =>
  /import\s*\{[^}]*\bappRoute\b[^}]*\}\s*from\s*'@\/lib\/http\/app-route'/.test(source) &&
  /\bappRoute(<[^>]*>)?\(/.test(source);

type Handler = { method: Method; code: string | null }; // null: exported in a form we cannot read

/**
 * The exported route handlers of a route file with the source of each one: `export const GET =
 * …;`, `export async function GET(…) {…}`. Re-exports (`export { x as GET }`) come back with
 * `code: null`, so they count as unguarded: define the handler in the route file.
 */
function exportedHandlers(source: string): Handler[] {
  const handlers: Handler[] = [];
  const names = METHODS.join('|');
  const declared = new RegExp(`^export\\s+(?:(?:const|let|var)\\s+(${names})\\b[^=]*=|(?:async\\s+)?function\\s*\\*?\\s*(${names})\\b)`, 'gm');
  for (let m; (m = declared.exec(source)); ) {
    const method = (m[1] ?? m[2]) as Method;
    const start = m[1] ? m.index + m[0].length : m.index;
    handlers.push({ method, code: statementAt(source, start, !m[1]).trim() });
  }
  for (const m of source.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const part of m[1].split(',')) {
      const exported = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (exported && (METHODS as readonly string[]).includes(exported)) handlers.push({ method: exported as Method, code: null });
    }
  }
  return handlers;
}

/**
 * Source from `start` to the end of the statement: a `;` outside brackets (or, for a function
 * declaration, its closing brace), never past the next top-level `export`. Skips strings,
 * template literals and comments so brackets inside them do not count.
 */
function statementAt(source: string, start: number, isFunction: boolean): string {
  const nextExport = source.indexOf('\nexport ', start);
  const limit = nextExport === -1 ? source.length : nextExport;
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') i = skipTo(source, i, '\n', limit) - 1;
    else if (c === '/' && source[i + 1] === '*') i = skipTo(source, i + 2, '*/', limit) + 1;
    else if (c === "'" || c === '"' || c === '`') i = endOfString(source, i, limit);
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (isFunction && c === '}' && depth === 0) return source.slice(start, i + 1);
    } else if (c === ';' && depth === 0) return source.slice(start, i);
  }
  return source.slice(start, limit);
}

const skipTo = (source: string, from: number, token: string, limit: number) => {
  const at = source.indexOf(token, from);
  return at === -1 || at > limit ? limit : at;
};

function endOfString(source: string, open: number, limit: number): number {
  const quote = source[open];
  for (let i = open + 1; i < limit; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return limit;
}

/** A handler is guarded when it is `appRoute(…)` (the real helper) or asks for the actor itself. */
function guarded(handler: Handler, fileSource: string): boolean {
  if (handler.code === null) return false;
  if (/^appRoute(<[^>]*>)?\(/.test(handler.code) && usesAppRoute(fileSource)) return true;
  return callsActor(handler.code);
}

function filesUnder(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return filesUnder(full, match);
    return match(entry) ? [path.relative(root, full)] : [];
  });
}

const routeFiles = () => filesUnder(path.join(root, 'app/api'), (name) => name === 'route.ts');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('API routes', () => {
  it('all require a signed-in actor in every exported handler unless explicitly public', () => {
    const unguarded = routeFiles().flatMap((file) => {
      const source = read(file);
      return exportedHandlers(source)
        .filter((handler) => !PUBLIC_HANDLERS[file]?.[handler.method] && !guarded(handler, source))
        .map((handler) => `${file} ${handler.method}`);
    });
    expect(unguarded, 'these route handlers never call requireActor/getActor/appRoute').toEqual([]);
  });

  it('export at least one handler each, and every public exception names a handler that exists', () => {
    const files = routeFiles();
    for (const file of files) expect(exportedHandlers(read(file)).length, `${file} exports no handler`).toBeGreaterThan(0);
    const stale = Object.entries(PUBLIC_HANDLERS).flatMap(([file, methods]) => {
      const exported = files.includes(file) ? exportedHandlers(read(file)).map((h) => h.method) : [];
      return Object.keys(methods)
        .filter((method) => !exported.includes(method as Method))
        .map((method) => `${file} ${method}`);
    });
    expect(stale, 'public exceptions for handlers that no longer exist').toEqual([]);
  });

  it('count appRoute as authenticated only because it calls requireActor', () => {
    expect(callsActor(readFileSync(path.join(root, APP_ROUTE_HELPER), 'utf8'))).toBe(true);
  });

  it('do not count a look-alike appRoute that is not the helper', () => {
    expect(usesAppRoute("const appRoute = (f) => f;\nexport const GET = appRoute(async () => x);")).toBe(false);
    expect(usesAppRoute("import { appRoute } from '@/lib/http/app-route';\n")).toBe(false);
    expect(usesAppRoute("import { appRoute } from '@/lib/http/app-route';\nexport const GET = appRoute<{ id: string }>(f);")).toBe(true);
  });

  it('check each handler on its own: one guarded handler does not vouch for the others', () => {
    const source = [
      "import { requireActor } from '@/lib/auth/actor';",
      "import { appRoute } from '@/lib/http/app-route';",
      'export const GET = handle(async (request: Request) => {',
      '  const actor = await requireActor(request); // "}" in a string',
      '  return json(actor);',
      '});',
      'export const POST = handle(async (request: Request) => json(await request.json()));',
      'export async function PUT(request: Request) {',
      '  if (request) { return json({}); }',
      '}',
      'export const PATCH = appRoute(async ({ actor }) => json(actor));',
      'export const DELETE = handle(async () => helper());',
      'async function helper() { return requireActor(); }',
      'export { other as OPTIONS };',
    ].join('\n');
    const handlers = exportedHandlers(source);
    expect(handlers.map((h) => h.method)).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    expect(Object.fromEntries(handlers.map((h) => [h.method, guarded(h, source)]))).toEqual({
      GET: true,
      POST: false,
      PUT: false,
      PATCH: true,
      DELETE: false, // a requireActor in a helper declared after it does not count
      OPTIONS: false,
    });
  });
});

describe('app/ (routes and pages)', () => {
  it('never load an app or touch the database themselves: authorization lives in lib', () => {
    const offenders = filesUnder(path.join(root, 'app'), (name) => /\.tsx?$/.test(name)).filter((file) => {
      const source = read(file);
      return /\bfindAppForActor\b|\bappsVisibleTo\b/.test(source) || /from\s+'(@\/lib\/db|(\.\.\/)+lib\/db)'/.test(source);
    });
    expect(offenders, 'load the app through a lib function taking (actor, name) instead').toEqual([]);
  });
});
