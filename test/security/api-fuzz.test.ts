import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../lib/apps/create-app';
import { db } from '../../lib/db';
import { ensureLocalHost } from '../../lib/hosts/ensure-local-host';
import { startBerthServer, type Route, type TestServer } from '../../scripts/harness/berth-server';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';
import type { FetchHandler } from '../../scripts/harness/http-server';

/**
 * Issue #11, item 12: property-based fuzzing of every API route (each exported method of every
 * app/api/**\/route.ts, found on disk), every path parameter, env keys and git paths, against
 * Berth's real route handlers and git endpoint served over HTTP, with a real database.
 *
 * Properties: no input gets a 5xx; and a batch of requests that all got a 4xx changed nothing
 * (the relevant tables are hashed before and after). Each route gets two batches: random path
 * parameters (must all be 4xx, nothing may change) and the fixture's real names and ids with
 * random bodies and queries (compared when no request of the batch succeeded).
 *
 * BERTH_FUZZ_RUNS (default 10,000) is spread over the routes; BERTH_FUZZ_CONCURRENCY (16)
 * requests are in flight at once; BERTH_FUZZ_SEED replays a run.
 */
const TOTAL = Number(process.env.BERTH_FUZZ_RUNS ?? 10_000);
const CONCURRENCY = Number(process.env.BERTH_FUZZ_CONCURRENCY ?? 16);
const SEED = Number(process.env.BERTH_FUZZ_SEED ?? Date.now() % 2 ** 31);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

type ApiRoute = { file: string; template: string; params: string[]; method: Method; handler: FetchHandler };

const root = path.resolve(import.meta.dirname, '../..');

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === 'route.ts' ? [full] : [];
  });
}

async function discoverRoutes(): Promise<ApiRoute[]> {
  const routes: ApiRoute[] = [];
  for (const file of routeFiles(path.join(root, 'app/api')).sort()) {
    const rel = path.relative(path.join(root, 'app'), path.dirname(file));
    const params = [...rel.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
    const mod = (await import(file)) as Partial<Record<Method, FetchHandler>>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (handler) routes.push({ file: path.relative(root, file), template: `/${rel}`, params, method, handler });
    }
  }
  return routes;
}

const toRoute = (r: ApiRoute): Route => ({
  method: r.method,
  pattern: new RegExp(`^${r.template.replace(/\[[^\]]+\]/g, '([^/]+)')}$`),
  handler: r.handler,
  params: r.params,
});

// ---- inputs -------------------------------------------------------------------------------

/** Keys every zod schema of the API uses, so random objects often get past the first check. */
const KEYS = [
  'name', 'template', 'tier', 'command', 'tty', 'timeoutSeconds', 'vars', 'unset', 'key', 'value', 'instances',
  'quantity', 'processType', 'version', 'release', 'hostname', 'tls', 'path', 'expectedStatus', 'attempts',
  'timeoutMs', 'days', 'maxBytes', 'action', 'address', 'dockerUrl', 'sshKey', 'sshHostKey', 'force', 'email',
  'password', 'role', 'disabled', 'expiresInDays', 'setupCode', 'remoteUrl', 'regenerateSecret',
  'sleepAfterIdleMinutes', 'reserveCpu', 'reserveMemoryMb', 'confirm', 'next', 'ref', 'oldSha', 'newSha',
  'kind', 'limit', 'before', 'after', 'q', 'people', 'download', 'follow', 'instance', 'certificate', 'privateKey',
];

const weird = fc.constantFrom(
  '', ' ', '-rf', '--help', '..', '../../etc/passwd', '%00', '\u0000', 'a'.repeat(5000), '🙂', 'NaN', '1e309',
  '__proto__', 'constructor', '$(id)', '`id`', "'; DROP TABLE \"App\";--", 'web', 'small', 'php', 'HEAD', 'refs/heads/main',
);
const scalar = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  weird,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt().map(String),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('v'), { maxLength: 5 }), fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), tie('v'), { maxKeys: 5 })),
})).v;
const keyedObject = fc.dictionary(fc.constantFrom(...KEYS), value, { minKeys: 1, maxKeys: 6 });
const envVars = fc.record({ vars: fc.dictionary(fc.oneof(fc.string(), weird, fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,300}$/)), value, { maxKeys: 5 }) });

/** A body: raw text, any JSON, an object with the API's keys, env vars; with a content type. */
const body = fc.record({
  text: fc.oneof(
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '[', 'null', '{"a":', '\u0000', '{"__proto__":{"admin":true}}') },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 5, arbitrary: keyedObject.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: envVars.map((v) => JSON.stringify(v)) },
  ),
  type: fc.constantFrom('application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', null),
});

const query = fc.option(
  fc.dictionary(fc.oneof(fc.constantFrom('limit', 'before', 'after', 'q', 'kind', 'follow', 'download', 'instance', 'since', 'range', 'type'), fc.string()), fc.oneof(fc.string(), weird, fc.integer().map(String)), { maxKeys: 3 }),
);

const randomParam = fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.string({ unit: 'grapheme', minLength: 1 }), weird.filter((w) => w.length > 0 && w !== '..'), fc.stringMatching(/^[a-z0-9-]{1,70}$/), fc.uuid());

// ---- state --------------------------------------------------------------------------------

/** Tables a request could change, hashed row by row (bookkeeping columns left out). */
const TABLES = ['User', 'Session', 'ApiToken', 'Team', 'TeamMember', 'App', 'WebhookDelivery', 'ProcessFormation', 'AppMember', 'Repository', 'Build', 'Release', 'Deployment', 'Host', 'Instance', 'Route', 'Certificate', 'AcmeAccount', 'EnvVar', 'Event'];
// SignInAttempt is left out on purpose: a failed sign-in (401) is recorded, that is the throttle.
const IGNORED_COLUMNS = ['lastUsedAt', 'lastSeenAt', 'lastHeartbeatAt'];

async function snapshot(client: pg.Client): Promise<Record<string, string>> {
  const sql = TABLES.map(
    (table) => `SELECT '${table}' AS t, md5(coalesce(string_agg((to_jsonb(r) - $1::text[])::text, ',' ORDER BY (to_jsonb(r)->>'id')), '')) AS h FROM "${table}" r`,
  ).join(' UNION ALL ');
  const { rows } = await client.query<{ t: string; h: string }>(sql, [IGNORED_COLUMNS]);
  return Object.fromEntries(rows.map((row) => [row.t, row.h]));
}

// ---- the run ------------------------------------------------------------------------------

type Outcome = { route: string; status: number; request: string; reason: string };

describe('API fuzzing: no 5xx, no change of state on a 4xx', () => {
  let server: TestServer;
  let admin: TestUser;
  let client: pg.Client;
  let routes: ApiRoute[];
  const fixture: Record<string, string[]> = {};

  beforeAll(async () => {
    routes = await discoverRoutes();
    server = await startBerthServer(routes.map(toRoute));
    admin = await createTestUser('ADMIN');
    const other = await createTestUser('DEVELOPER');
    const app = await createApp(admin, { name: randomAppName('fz'), template: 'php', tier: 'small' } as never);
    const host = await ensureLocalHost();
    const token = await db.apiToken.findFirstOrThrow({ where: { userId: other.id } });
    fixture.name = [app.name];
    fixture.id = [app.buildId, host.id, other.id, token.id];
    fixture.key = ['PORT', 'DATABASE_URL', 'A'];
    fixture.hostname = [`${app.name}.localhost`, 'example.com'];
    client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await server?.close();
  });

  async function send(route: ApiRoute, params: string[], input: { text: string; type: string | null }, q: Record<string, string> | null): Promise<Outcome> {
    let url = route.template;
    route.params.forEach((p, i) => (url = url.replace(`[${p}]`, encodeURIComponent(params[i]))));
    const search = q ? `?${new URLSearchParams(q)}` : '';
    const headers: Record<string, string> = { authorization: `Bearer ${admin.token}` };
    const hasBody = route.method !== 'GET';
    if (hasBody && input.type) headers['content-type'] = input.type;
    const request = `${route.method} ${url}${search} ${hasBody ? input.text : ''}`.slice(0, 400);
    try {
      const res = await fetch(`${server.url}${url}${search}`, {
        method: route.method,
        headers,
        body: hasBody ? input.text : undefined,
        signal: AbortSignal.timeout(60_000),
      });
      // Live streams (SSE, NDJSON) stay open: the status is what counts.
      const streaming = /event-stream|ndjson/.test(res.headers.get('content-type') ?? '');
      const text = streaming ? (await res.body?.cancel(), '') : await res.text();
      return { route: `${route.method} ${route.template}`, status: res.status, request, reason: text.slice(0, 300) };
    } catch (error) {
      return { route: `${route.method} ${route.template}`, status: 0, request, reason: String(error) };
    }
  }

  const timings: Record<string, number> = {};
  async function batch(route: ApiRoute, samples: Array<[string[], { text: string; type: string | null }, Record<string, string> | null]>) {
    const started = Date.now();
    const before = await snapshot(client);
    const outcomes: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < samples.length) {
          const [params, input, q] = samples[next++];
          outcomes.push(await send(route, params, input, q));
        }
      }),
    );
    const after = await snapshot(client);
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    const key = `${route.method} ${route.template}`;
    timings[key] = (timings[key] ?? 0) + Date.now() - started;
    return { outcomes, changed };
  }

  it(`${TOTAL} random inputs over every route give no 5xx and change nothing when refused (seed ${SEED})`, async () => {
    // Shares of the total: a random batch (half for routes without parameters), a batch with the
    // fixture's names (none for DELETE, one and a half without parameters), git twice.
    const shares = routes.reduce((sum, r) => sum + (r.params.length ? 1 : 0.5) + (r.method === 'DELETE' ? 0 : r.params.length ? 1 : 1.5), 2);
    const perBatch = Math.max(2, Math.ceil(TOTAL / shares));
    const failures: Outcome[] = [];
    const stateChanges: string[] = [];
    let sent = 0;
    let compared = 0;
    let seed = SEED;
    const sample = <T,>(arb: fc.Arbitrary<T>, n: number) => fc.sample(arb, { numRuns: n, seed: seed++ });

    for (const route of routes) {
      // 1. Random path parameters (and bodies): nothing exists under them.
      const randomSamples = sample(fc.tuple(fc.array(randomParam, { minLength: route.params.length, maxLength: route.params.length }), body, query), route.params.length ? perBatch : Math.floor(perBatch / 2));
      // 2. The fixture's real names and ids, random bodies and queries: validation is reached.
      const real = fc.tuple(fc.tuple(...route.params.map((p) => fc.constantFrom(...(fixture[p] ?? fixture.id)))), body, query);
      const realSamples = route.method === 'DELETE' ? [] : sample(real, route.params.length ? perBatch : Math.ceil(perBatch * 1.5));
      for (const [kind, samples] of [['random', randomSamples], ['real', realSamples]] as const) {
        if (samples.length === 0) continue;
        const { outcomes, changed } = await batch(route, samples as never);
        sent += outcomes.length;
        failures.push(...outcomes.filter((o) => o.status >= 500 || o.status === 0));
        const succeeded = outcomes.some((o) => o.status < 400);
        if (!succeeded) {
          compared++;
          if (changed.length) stateChanges.push(`${route.method} ${route.template} (${kind}): ${changed.join(', ')} changed although every answer was 4xx`);
        }
        if (kind === 'random' && route.params.length && succeeded)
          stateChanges.push(`${route.method} ${route.template}: a random path parameter succeeded: ${outcomes.find((o) => o.status < 400)!.request}`);
      }
    }

    // 3. Git paths: the smart-HTTP endpoint with random repository names and paths.
    const gitSamples = sample(fc.tuple(fc.oneof(randomParam, fc.constantFrom(`${fixture.name[0]}.git`)), fc.oneof(fc.string(), weird, fc.constantFrom('info/refs', 'git-upload-pack', 'git-receive-pack', 'HEAD', 'objects/info/packs', '../../../etc/passwd')), fc.option(fc.constantFrom('git-upload-pack', 'git-receive-pack', 'x', '')), fc.boolean()), perBatch * 2);
    const beforeGit = await snapshot(client);
    let at = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (at < gitSamples.length) {
          const [repo, rest, svc, post] = gitSamples[at++];
          const url = `/git/${encodeURIComponent(repo)}/${rest.split('/').map(encodeURIComponent).join('/')}${svc !== null ? `?service=${encodeURIComponent(svc)}` : ''}`;
          const res = await fetch(`${server.url}${url}`, {
            method: post ? 'POST' : 'GET',
            headers: { authorization: `Basic ${Buffer.from(`x:${admin.token}`).toString('base64')}`, ...(post ? { 'content-type': 'application/x-git-upload-pack-request' } : {}) },
            body: post ? '0000' : undefined,
            signal: AbortSignal.timeout(60_000),
          }).then(
            async (r) => ({ status: r.status, reason: (await r.text()).slice(0, 200) }),
            (e: unknown) => ({ status: 0, reason: String(e) }),
          );
          sent++;
          if (res.status >= 500 || res.status === 0) failures.push({ route: 'git', status: res.status, request: `${post ? 'POST' : 'GET'} ${url}`.slice(0, 400), reason: res.reason });
        }
      }),
    );
    const afterGit = await snapshot(client);
    const gitChanged = Object.keys(beforeGit).filter((t) => beforeGit[t] !== afterGit[t]);
    if (gitChanged.length) stateChanges.push(`git: ${gitChanged.join(', ')} changed`);

    const slowest = Object.entries(timings).sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(`[fuzz] slowest routes (ms): ${slowest.map(([k, ms]) => `${k} ${ms}`).join('; ')}`);
    console.log(`[fuzz] seed ${SEED}: ${sent} requests over ${routes.length} route methods + git, ${compared} refused batches compared`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(stateChanges).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(TOTAL * 0.9);
  }, 600_000);
});
