#!/usr/bin/env node
// berth — command-line client for a Berth server (Heroku-style). Dependency-free: Node ≥ 20.
// Config: `berth login` stores {url, token} in ~/.config/berth/config.json (mode 0600);
// BERTH_URL / BERTH_TOKEN override it. Every command takes --json; errors exit non-zero.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const HELP = `Usage: berth <command> [app] [args] [--app APP] [--json]

  login [URL] [--token T]       store the server URL and an API token (Settings → API tokens)
  logout                        forget them
  apps                          list your apps
  create NAME [--template T] [--tier small|medium|large]
                                create an app (templates: php, node, python, java, static)
  info [APP]                    app status, URL and git URL
  open [APP]                    open the app in a browser (prints the URL)
  logs [APP] [-t] [-n N]        recent logs; -t/--tail follows
  env [APP]                     show env vars
  env:set [APP] A=1 B=2         set env vars (one release)
  env:unset [APP] A B           unset env vars (one release)
  scale [APP] web=2 [worker=1]  change the number of instances
  ps [APP]                      instances
  releases [APP]                releases
  rollback [APP] vN             roll back to release N
  restart [APP]                 rolling restart
  run [APP] -- CMD...           run a one-off command in a new container; exits with its code
                                (interactive with a TTY when on a terminal; --no-tty to stream)
  console [APP] [INSTANCE]      a shell in a running instance (default: the first web one)
  addons [APP]                  add-ons (PostgreSQL, MySQL/MariaDB, Redis) with status, host and env vars
  addons:create [APP] TYPE      provision postgres|mysql|redis and attach it (sets DATABASE_URL, …)
  addons:info [APP] ID          one add-on, connection string masked
  addons:destroy [APP] ID --confirm TYPE
                                detach and remove it (a final backup is kept)
  addons:backups [APP] ID       its backups; addons:backup [APP] ID takes one now
  addons:restore [APP] ID BACKUP_ID
                                restore a backup into the running add-on
  domains [APP]                 domains with DNS record, certificate source, status and expiry
  domains:add [APP] HOSTNAME [--cert FILE --key FILE]
                                add a custom domain (ACME certificate unless one is uploaded)
  domains:remove [APP] HOSTNAME remove a custom domain
  domains:renew [APP] HOSTNAME  order a new ACME certificate now

APP defaults to --app/-a, then BERTH_APP, then the Berth git remote of the current directory.
Environment: BERTH_URL, BERTH_TOKEN override the stored login.`;

class CliError extends Error {
  constructor(message, code = 1) {
    super(message);
    this.exitCode = code;
  }
}

// ---------- arguments ----------
function parseArgs(argv) {
  const opts = { json: false, noTty: false, tail: false, app: null, num: null, template: null, tier: null, token: null, cert: null, key: null, confirm: null, help: false };
  const rest = [];
  let dashdash = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      dashdash = argv.slice(i + 1);
      break;
    }
    const takes = (name) => {
      if (i + 1 >= argv.length) throw new CliError(`${a} needs a value`, 2);
      opts[name] = argv[++i];
    };
    if (a === '--json') opts.json = true;
    else if (a === '--no-tty') opts.noTty = true;
    else if (a === '-t' || a === '--tail') opts.tail = true;
    else if (a === '-h' || a === '--help') opts.help = true;
    else if (a === '-a' || a === '--app') takes('app');
    else if (a === '-n' || a === '--num') takes('num');
    else if (a === '--template') takes('template');
    else if (a === '--tier') takes('tier');
    else if (a === '--token') takes('token');
    else if (a === '--cert') takes('cert');
    else if (a === '--key') takes('key');
    else if (a === '--confirm') takes('confirm');
    else if (a.startsWith('--app=')) opts.app = a.slice(6);
    else if (a.startsWith('--template=')) opts.template = a.slice(11);
    else if (a.startsWith('-') && a !== '-' && rest.length > 0 && rest[0] === 'run') {
      // `berth run app ls -la` without `--`: everything from here on is the command.
      dashdash = argv.slice(i);
      break;
    } else if (a.startsWith('-') && a !== '-') throw new CliError(`Unknown option ${a}`, 2);
    else rest.push(a);
  }
  return { opts, command: rest[0], args: rest.slice(1), dashdash };
}

// ---------- config ----------
const configDir = () => path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'berth');
const configFile = () => path.join(configDir(), 'config.json');

function readConfig() {
  let stored;
  try {
    stored = JSON.parse(fs.readFileSync(configFile(), 'utf8'));
  } catch {
    stored = {};
  }
  return { url: process.env.BERTH_URL || stored.url || null, token: process.env.BERTH_TOKEN || stored.token || null };
}

function writeConfig(value) {
  fs.mkdirSync(configDir(), { recursive: true, mode: 0o700 });
  const file = configFile();
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

// ---------- HTTP ----------
const TIMEOUT_MS = 60_000;

async function request(method, pathname, body, { stream = false, timeoutMs = TIMEOUT_MS, signal } = {}) {
  const { url, token } = readConfig();
  if (!url || !token) throw new CliError('Not logged in: run `berth login URL` (or set BERTH_URL and BERTH_TOKEN)');
  const signals = [signal].filter(Boolean);
  if (timeoutMs) signals.push(AbortSignal.timeout(timeoutMs));
  let res;
  try {
    res = await fetch(new URL(pathname, url), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: stream ? '*/*' : 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: signals.length ? AbortSignal.any(signals) : undefined,
    });
  } catch (error) {
    const cause = error?.cause?.code || error?.name || error?.message;
    throw new CliError(`Cannot reach ${url} (${cause})`);
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const json = await res.json();
      if (json?.error?.message) message = json.error.message;
    } catch {
      /* not JSON */
    }
    if (res.status === 401) message += ' — run `berth login` again';
    throw new CliError(message);
  }
  if (stream) return res;
  const text = await res.text();
  return text ? JSON.parse(text) : {};
}

const appPath = (app, rest = '') => `/api/apps/${encodeURIComponent(app)}${rest}`;

// ---------- the app argument ----------
function gitRemoteApp() {
  return new Promise((resolve) => {
    execFile('git', ['remote', '-v'], { timeout: 5000 }, (error, stdout) => {
      if (error) return resolve(null);
      const { url } = readConfig();
      const names = new Set();
      for (const line of stdout.split('\n')) {
        const m = /\s(\S+)\/git\/([a-z][a-z0-9-]*)\.git\s/.exec(line);
        if (!m) continue;
        if (url && !m[1].replace(/\/\/[^@/]*@/, '//').startsWith(url.replace(/\/$/, ''))) continue;
        names.add(m[2]);
      }
      resolve(names.size === 1 ? [...names][0] : null);
    });
  });
}

/** The app: --app, else the first positional (when `looksLikeApp`), else BERTH_APP, else git remote. */
async function takeApp(ctx, looksLikeApp = () => true) {
  if (ctx.opts.app) return ctx.opts.app;
  if (ctx.args.length && looksLikeApp(ctx.args[0])) return ctx.args.shift();
  if (process.env.BERTH_APP) return process.env.BERTH_APP;
  const remote = await gitRemoteApp();
  if (remote) return remote;
  throw new CliError('Which app? Give it as an argument or with --app NAME', 2);
}

// ---------- output ----------
const out = (line = '') => process.stdout.write(`${line}\n`);
const header = (title) => out(`=== ${title}`);
const json = (value) => out(JSON.stringify(value, null, 2));

function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[columns.indexOf(c)] ?? '').length)));
  const fmt = (cells) => cells.map((cell, i) => String(cell ?? '').padEnd(widths[i])).join('  ').trimEnd();
  out(fmt(columns));
  out(fmt(widths.map((w) => '─'.repeat(w))));
  for (const r of rows) out(fmt(r));
}

const ago = (iso) => {
  if (!iso) return '';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
};

function parsePairs(args, what) {
  const vars = {};
  for (const arg of args) {
    const i = arg.indexOf('=');
    if (i <= 0) throw new CliError(`Expected ${what}, got "${arg}"`, 2);
    vars[arg.slice(0, i)] = arg.slice(i + 1);
  }
  return vars;
}

async function prompt(question) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
  }
}

// ---------- commands ----------
const commands = {
  async login(ctx) {
    let url = ctx.args[0] || process.env.BERTH_URL || readConfig().url;
    if (!url) url = (await prompt('Berth URL: ')).trim();
    if (!/^https?:\/\//.test(url)) throw new CliError('The URL must start with http:// or https://', 2);
    let token = ctx.opts.token || process.env.BERTH_TOKEN;
    if (!token) token = (await prompt('API token (Settings → API tokens): ')).trim();
    if (!token) throw new CliError('No token given', 2);
    process.env.BERTH_URL = url;
    process.env.BERTH_TOKEN = token;
    const me = await request('GET', '/api/me');
    writeConfig({ url: url.replace(/\/$/, ''), token });
    const email = me.user?.email ?? me.email ?? 'you';
    if (ctx.opts.json) return json({ url, email });
    out(`Logged in to ${url} as ${email}`);
  },

  async logout(ctx) {
    fs.rmSync(configFile(), { force: true });
    if (ctx.opts.json) return json({ ok: true });
    out('Logged out');
  },

  async apps(ctx) {
    const { apps } = await request('GET', '/api/apps');
    if (ctx.opts.json) return json(apps);
    header('Apps');
    if (!apps.length) return out('You have no apps.');
    table(
      apps.map((a) => [a.name, a.template.toLowerCase(), a.status, `${a.runningInstances}/${a.desiredInstances}`, a.url]),
      ['Name', 'Template', 'Status', 'Instances', 'URL'],
    );
  },

  async create(ctx) {
    const name = ctx.opts.app || ctx.args[0];
    if (!name) throw new CliError('Usage: berth create NAME [--template python]', 2);
    const body = { name, template: ctx.opts.template || 'node' };
    if (ctx.opts.tier) body.tier = ctx.opts.tier;
    if (!ctx.opts.json) process.stdout.write(`Creating ⬢ ${name}... `);
    let app;
    try {
      app = await request('POST', '/api/apps', body);
    } catch (e) {
      if (!ctx.opts.json) out('failed');
      throw e;
    }
    if (ctx.opts.json) return json(app);
    out('done');
    out(`${app.url} | ${app.gitUrl}`);
  },

  async info(ctx) {
    const app = await takeApp(ctx);
    const res = await request('GET', appPath(app));
    const a = res.app ?? res;
    if (ctx.opts.json) return json(a);
    header(a.name);
    out(`Status:     ${a.status}`);
    out(`Template:   ${String(a.template).toLowerCase()}`);
    out(`Release:    ${a.currentRelease ? `v${a.currentRelease.version}` : 'none'}`);
    out(`Instances:  ${a.runningInstances}/${a.desiredInstances}`);
    out(`Web URL:    ${a.url}`);
    out(`Git URL:    ${a.gitUrl}`);
  },

  async open(ctx) {
    const app = await takeApp(ctx);
    const res = await request('GET', appPath(app));
    const url = (res.app ?? res).url;
    if (ctx.opts.json) return json({ url });
    out(url);
    if (process.stdout.isTTY) {
      const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
      const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
      child.on('error', () => {});
      child.unref();
    }
  },

  async logs(ctx) {
    const app = await takeApp(ctx);
    const limit = ctx.opts.num ? Number(ctx.opts.num) : 100;
    const print = (l) =>
      ctx.opts.json ? out(JSON.stringify(l)) : out(`${l.ts} app[${l.instance}]: ${l.line}`);
    if (!ctx.opts.tail) {
      const { lines } = await request('GET', appPath(app, `/logs?limit=${limit}`));
      if (ctx.opts.json) return json(lines);
      lines.forEach(print);
      return;
    }
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    try {
      const res = await request('GET', appPath(app, `/logs?follow=1&limit=${limit}`), undefined, {
        stream: true,
        timeoutMs: 0,
        signal: stop.signal,
      });
      await readSse(res.body, (event, data) => {
        if (event === 'line') print(JSON.parse(data));
        else if (event === 'error') throw new CliError(JSON.parse(data).message);
      });
    } catch (e) {
      if (!stop.signal.aborted) throw e;
    }
  },

  async env(ctx) {
    const app = await takeApp(ctx);
    const { env } = await request('GET', appPath(app, '/env?reveal=1'));
    if (ctx.opts.json) return json(Object.fromEntries(env.map((v) => [v.key, v.value])));
    header(`${app} Config Vars`);
    const width = Math.max(0, ...env.map((v) => v.key.length)) + 1;
    for (const v of env) out(`${`${v.key}:`.padEnd(width)} ${v.value}`);
  },

  async 'env:set'(ctx) {
    const app = await takeApp(ctx, (a) => !a.includes('='));
    if (!ctx.args.length) throw new CliError('Usage: berth env:set [APP] KEY=value ...', 2);
    const vars = parsePairs(ctx.args, 'KEY=value');
    const keys = Object.keys(vars);
    if (!ctx.opts.json) process.stdout.write(`Setting ${keys.join(', ')} and restarting ⬢ ${app}... `);
    const res = await request('PUT', appPath(app, '/env'), { vars, unset: [] }).catch((e) => {
      if (!ctx.opts.json) out('failed');
      throw e;
    });
    if (ctx.opts.json) return json(res);
    out(res.version ? `done, v${res.version}` : 'done');
  },

  async 'env:unset'(ctx) {
    const app = await takeApp(ctx, (a) => !/^[A-Z_][A-Z0-9_]*$/.test(a));
    if (!ctx.args.length) throw new CliError('Usage: berth env:unset [APP] KEY ...', 2);
    if (!ctx.opts.json) process.stdout.write(`Unsetting ${ctx.args.join(', ')} and restarting ⬢ ${app}... `);
    const res = await request('PUT', appPath(app, '/env'), { vars: {}, unset: ctx.args }).catch((e) => {
      if (!ctx.opts.json) out('failed');
      throw e;
    });
    if (ctx.opts.json) return json(res);
    out(res.version ? `done, v${res.version}` : 'done');
  },

  async scale(ctx) {
    const app = await takeApp(ctx, (a) => !a.includes('='));
    const pairs = parsePairs(ctx.args, 'TYPE=N');
    const formation = {};
    for (const [type, n] of Object.entries(pairs)) {
      if (!/^\d+$/.test(n)) throw new CliError(`${type}=${n}: the count must be a whole number`, 2);
      formation[type] = Number(n);
    }
    if (!Object.keys(formation).length) throw new CliError('Usage: berth scale [APP] web=2 [worker=1]', 2);
    const only = Object.keys(formation);
    // Servers without process formation take {instances} for web.
    const body = only.length === 1 && only[0] === 'web' ? { instances: formation.web } : formation;
    if (!ctx.opts.json) process.stdout.write(`Scaling ⬢ ${app} (${only.map((t) => `${t}=${formation[t]}`).join(', ')})... `);
    const res = await request('POST', appPath(app, '/scale'), body).catch((e) => {
      if (!ctx.opts.json) out('failed');
      throw e;
    });
    if (ctx.opts.json) return json(res);
    out('done');
  },

  async ps(ctx) {
    const app = await takeApp(ctx);
    const { instances } = await request('GET', appPath(app, '/instances'));
    if (ctx.opts.json) return json(instances);
    const byType = new Map();
    for (const i of instances) byType.set(i.processType, [...(byType.get(i.processType) ?? []), i]);
    if (!instances.length) return out(`No instances of ⬢ ${app} are running.`);
    for (const [type, list] of byType) {
      header(`${type} (${list.length})`);
      for (const i of list)
        out(`${i.name}: ${String(i.state).toLowerCase()} ${i.startedAt ? ago(i.startedAt) : ''} on ${i.host} (v${i.release})`.trimEnd());
      out();
    }
  },

  async addons(ctx) {
    const app = await takeApp(ctx);
    const { addons } = await request('GET', appPath(app, '/addons'));
    if (ctx.opts.json) return json(addons);
    header(`${app} Add-ons`);
    table(
      addons.map((a) => [a.id, a.type, a.version, a.status, a.host ?? '', a.envKeys.join(', '), a.sizeBytes === null ? '' : formatBytes(a.sizeBytes)]),
      ['ID', 'Type', 'Version', 'Status', 'Host', 'Env', 'Size'],
    );
  },

  async 'addons:create'(ctx) {
    const app = await takeApp(ctx, () => ctx.args.length > 1);
    const type = ctx.args[0];
    if (!type) throw new CliError('Usage: berth addons:create [APP] postgres|mysql|redis', 2);
    const { addon } = await request('POST', appPath(app, '/addons'), { type });
    if (ctx.opts.json) return json(addon);
    out(`Creating ${addon.label} on ⬢ ${app}... ${addon.status} (${addon.id})`);
    out(`When it is available it sets ${addon.envKeys.length ? addon.envKeys.join(', ') : 'its env vars'} and restarts ⬢ ${app}; see \`berth addons ${app}\``);
  },

  async 'addons:info'(ctx) {
    const app = await takeApp(ctx, () => ctx.args.length > 1);
    const id = ctx.args[0];
    if (!id) throw new CliError('Usage: berth addons:info [APP] ID', 2);
    const { addon } = await request('GET', appPath(app, `/addons/${encodeURIComponent(id)}`));
    if (ctx.opts.json) return json(addon);
    header(`${addon.label} (${addon.id})`);
    for (const [k, v] of [['Status', addon.status + (addon.statusReason ? ` (${addon.statusReason})` : '')], ['Version', addon.version], ['Host', addon.host ?? ''], ['Env', addon.envKeys.join(', ')], ['URL', addon.connectionUrl], ['Size', addon.sizeBytes === null ? '' : formatBytes(addon.sizeBytes)]]) out(`${(k + ':').padEnd(9)}${v}`);
  },

  async 'addons:destroy'(ctx) {
    const app = await takeApp(ctx, () => ctx.args.length > 1);
    const id = ctx.args[0];
    if (!id || !ctx.opts.confirm) throw new CliError('Usage: berth addons:destroy [APP] ID --confirm TYPE (the add-on\'s type, e.g. postgres)', 2);
    const { addon } = await request('DELETE', appPath(app, `/addons/${encodeURIComponent(id)}?confirm=${encodeURIComponent(ctx.opts.confirm)}`));
    if (ctx.opts.json) return json(addon);
    out(`Destroying ${addon.label} on ⬢ ${app}... ${addon.status} (its env vars are removed; a final backup is kept)`);
  },

  async 'addons:backups'(ctx) {
    const app = await takeApp(ctx, () => ctx.args.length > 1);
    const id = ctx.args[0];
    if (!id) throw new CliError('Usage: berth addons:backups [APP] ID', 2);
    const { backups } = await request('GET', appPath(app, `/addons/${encodeURIComponent(id)}/backups`));
    if (ctx.opts.json) return json(backups);
    header(`Backups of ${id}`);
    table(backups.map((b) => [b.id, b.kind, b.status, b.sizeBytes === null ? '' : formatBytes(b.sizeBytes), b.createdAt.slice(0, 19).replace('T', ' '), b.error ?? '']), ['ID', 'Kind', 'Status', 'Size', 'Taken', 'Error']);
  },

  async 'addons:backup'(ctx) {
    const app = await takeApp(ctx, () => ctx.args.length > 1);
    const id = ctx.args[0];
    if (!id) throw new CliError('Usage: berth addons:backup [APP] ID', 2);
    const { backup } = await request('POST', appPath(app, `/addons/${encodeURIComponent(id)}/backups`), {}, { timeoutMs: 30 * 60_000 });
    if (ctx.opts.json) return json(backup);
    out(`Backing up ${id}... ${backup.status}${backup.sizeBytes !== null ? `, ${formatBytes(backup.sizeBytes)}` : ''} (${backup.id})`);
    return backup.status === 'succeeded' ? 0 : 1;
  },

  async 'addons:restore'(ctx) {
    const app = await takeApp(ctx, () => ctx.args.length > 2);
    const [id, backupId] = ctx.args;
    if (!id || !backupId) throw new CliError('Usage: berth addons:restore [APP] ID BACKUP_ID', 2);
    const res = await request('POST', appPath(app, `/addons/${encodeURIComponent(id)}/restore`), { backupId }, { timeoutMs: 30 * 60_000 });
    if (ctx.opts.json) return json(res);
    out(`Restoring ${backupId} into ${id}... done`);
  },

  async domains(ctx) {
    const app = await takeApp(ctx);
    const { domains } = await request('GET', appPath(app, '/domains'));
    if (ctx.opts.json) return json(domains);
    header(`${app} Domains`);
    table(
      domains.map((d) => [
        d.hostname,
        d.kind,
        d.certificate?.source ?? '',
        d.certificate?.status ?? '',
        d.certificate?.notAfter ? d.certificate.notAfter.slice(0, 10) : '',
        d.dns ? `${d.dns.type} ${d.dns.value}` : '',
      ]),
      ['Domain', 'Kind', 'Certificate', 'Status', 'Expires', 'DNS record'],
    );
  },

  async 'domains:add'(ctx) {
    const app = await takeApp(ctx, () => ctx.args.length > 1);
    const hostname = ctx.args[0];
    if (!hostname) throw new CliError('Usage: berth domains:add [APP] HOSTNAME [--cert FILE --key FILE]', 2);
    if (Boolean(ctx.opts.cert) !== Boolean(ctx.opts.key)) throw new CliError('Give both --cert and --key, or neither (ACME)', 2);
    const body = { hostname };
    if (ctx.opts.cert) {
      body.certificate = fs.readFileSync(ctx.opts.cert, 'utf8');
      body.privateKey = fs.readFileSync(ctx.opts.key, 'utf8');
    }
    const { domain } = await request('POST', appPath(app, '/domains'), body);
    if (ctx.opts.json) return json(domain);
    out(`Adding ${domain.hostname} to ⬢ ${app}... done`);
    if (domain.dns) out(`Create a DNS record: ${domain.dns.type} ${domain.dns.name} → ${domain.dns.value}`);
    out(`Certificate: ${domain.certificate?.source ?? 'none'} (${domain.certificate?.status ?? 'unknown'})`);
  },

  async 'domains:remove'(ctx) {
    const app = await takeApp(ctx, () => ctx.args.length > 1);
    const hostname = ctx.args[0];
    if (!hostname) throw new CliError('Usage: berth domains:remove [APP] HOSTNAME', 2);
    await request('DELETE', appPath(app, `/domains/${encodeURIComponent(hostname)}`));
    if (ctx.opts.json) return json({ removed: hostname });
    out(`Removing ${hostname} from ⬢ ${app}... done`);
  },

  async 'domains:renew'(ctx) {
    const app = await takeApp(ctx, () => ctx.args.length > 1);
    const hostname = ctx.args[0];
    if (!hostname) throw new CliError('Usage: berth domains:renew [APP] HOSTNAME', 2);
    const res = await request('POST', appPath(app, `/domains/${encodeURIComponent(hostname)}/renew`), {}, { timeoutMs: 240_000 });
    if (ctx.opts.json) return json(res);
    out(`Renewing the certificate of ${hostname}... ${res.domain?.certificate?.status ?? 'requested'}`);
  },

  async releases(ctx) {
    const app = await takeApp(ctx);
    const { releases } = await request('GET', appPath(app, '/releases'));
    if (ctx.opts.json) return json(releases);
    header(`${app} Releases`);
    for (const r of releases) {
      const mark = r.current ? '*' : ' ';
      out(`${mark}v${String(r.version).padEnd(4)} ${r.description.padEnd(40)} ${String(r.status).toLowerCase().padEnd(10)} ${ago(r.createdAt)}`);
    }
  },

  async rollback(ctx) {
    const app = await takeApp(ctx, (a) => !/^v?\d+$/.test(a));
    const v = ctx.args[0];
    if (!v || !/^v?\d+$/.test(v)) throw new CliError('Usage: berth rollback [APP] vN', 2);
    const version = Number(v.replace(/^v/, ''));
    if (!ctx.opts.json) process.stdout.write(`Rolling back ⬢ ${app} to v${version}... `);
    const res = await request('POST', appPath(app, '/rollback'), { version }).catch((e) => {
      if (!ctx.opts.json) out('failed');
      throw e;
    });
    if (ctx.opts.json) return json(res);
    out(res.version ? `done, v${res.version}` : 'done');
  },

  async restart(ctx) {
    const app = await takeApp(ctx);
    if (!ctx.opts.json) process.stdout.write(`Restarting ⬢ ${app}... `);
    const res = await request('POST', appPath(app, '/restart'), {}).catch((e) => {
      if (!ctx.opts.json) out('failed');
      throw e;
    });
    if (ctx.opts.json) return json(res);
    out('done');
  },

  async console(ctx) {
    const app = await takeApp(ctx);
    if (!onTerminal()) throw new CliError('berth console needs a terminal (use `berth run APP -- CMD` in scripts)', 2);
    return interactive(app, ctx.args[0] ? { instance: ctx.args[0] } : {});
  },

  async run(ctx) {
    const app = await takeApp(ctx);
    const command = ctx.dashdash ?? ctx.args;
    if (!command || !command.length) throw new CliError('Usage: berth run [APP] -- COMMAND [ARGS...]', 2);
    if (!ctx.opts.json) process.stderr.write(`Running ${command.join(' ')} on ⬢ ${app}... up\n`);
    // On a terminal: a real TTY in the container (vim, a REPL, Ctrl-C), like `heroku run`.
    if (onTerminal() && !ctx.opts.json && !ctx.opts.noTty) return interactive(app, { kind: 'run', command: JSON.stringify(command) });
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.once('SIGINT', onSigint);
    const res = await request('POST', appPath(app, '/run'), { command, tty: false }, { stream: true, timeoutMs: 0, signal: stop.signal });
    let exitCode = null;
    let failure = null;
    try {
      await readNdjson(res.body, (msg) => {
        if (msg.stream === 'stdout') process.stdout.write(Buffer.from(msg.data, 'base64'));
        else if (msg.stream === 'stderr') process.stderr.write(Buffer.from(msg.data, 'base64'));
        else if ('exitCode' in msg) exitCode = msg.exitCode;
        else if (msg.error) failure = msg.error;
      });
    } catch (e) {
      if (stop.signal.aborted) throw new CliError('Interrupted', 130);
      throw e;
    } finally {
      process.off('SIGINT', onSigint);
    }
    if (failure) throw new CliError(failure);
    if (exitCode === null) throw new CliError('The command ended without an exit code');
    if (ctx.opts.json) json({ exitCode });
    return exitCode;
  },
};

// ---------- interactive console ----------
const onTerminal = () => Boolean(process.stdin.isTTY && process.stdout.isTTY);

/**
 * A terminal session over Berth's console WebSocket (/console/ws/<app>, lib/console): raw stdin
 * goes out as binary frames (Ctrl-C included: the remote TTY interrupts), output is written as
 * it comes, the terminal's size follows SIGWINCH. Resolves with the remote exit code.
 */
async function interactive(app, query) {
  const { url, token } = readConfig();
  if (!url || !token) throw new CliError('Not logged in: run `berth login URL` (or set BERTH_URL and BERTH_TOKEN)');
  const { default: WebSocket } = await import('ws');
  const target = new URL(`/console/ws/${encodeURIComponent(app)}`, url);
  target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
  target.searchParams.set('cols', String(process.stdout.columns || 80));
  target.searchParams.set('rows', String(process.stdout.rows || 24));
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: TIMEOUT_MS });
    let exitCode = null;
    let opened = false;
    const restore = () => {
      if (process.stdin.isTTY) process.stdin.setRawMode(false);
      process.stdin.pause();
      process.stdout.off('resize', onResize);
    };
    const onResize = () => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'resize', cols: process.stdout.columns, rows: process.stdout.rows }));
    };
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        let message = `HTTP ${res.statusCode}`;
        try {
          message = JSON.parse(body).error?.message ?? message;
        } catch {
          // not JSON: keep the status line
        }
        reject(new CliError(res.statusCode === 401 ? `${message} — run \`berth login\` again` : message));
      });
    });
    ws.on('error', (e) => {
      if (!opened) reject(new CliError(`Could not open the console: ${e.message}`));
    });
    ws.on('open', () => {
      opened = true;
      if (process.stdin.isTTY) process.stdin.setRawMode(true);
      process.stdin.resume();
      process.stdin.on('data', (d) => ws.readyState === WebSocket.OPEN && ws.send(d, { binary: true }));
      process.stdout.on('resize', onResize);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return void process.stdout.write(data);
      const msg = JSON.parse(String(data));
      if (msg.type === 'exit') exitCode = msg.code;
      else if (msg.type === 'closed') process.stderr.write(`\r\n[berth] console closed: ${msg.reason}\r\n`);
      else if (msg.type === 'error') process.stderr.write(`\r\n[berth] ${msg.message}\r\n`);
    });
    ws.on('close', () => {
      restore();
      if (opened) resolve(exitCode ?? 1);
    });
  });
}

function formatBytes(n) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

// ---------- streams ----------
async function readLines(body, onLine) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      await onLine(line);
    }
  }
  if (buffer) await onLine(buffer);
}

async function readSse(body, onEvent) {
  let event = 'message';
  let data = [];
  await readLines(body, (raw) => {
    const line = raw.replace(/\r$/, '');
    if (line === '') {
      if (data.length) onEvent(event, data.join('\n'));
      event = 'message';
      data = [];
    } else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  });
}

async function readNdjson(body, onMessage) {
  await readLines(body, (line) => {
    if (line.trim()) onMessage(JSON.parse(line));
  });
}

// ---------- main ----------
async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    process.stderr.write(` ▸    ${e.message}\n`);
    return e.exitCode ?? 2;
  }
  const { opts, command, args, dashdash } = parsed;
  if (!command || opts.help || command === 'help') {
    out(HELP);
    return command || opts.help ? 0 : 2;
  }
  const handler = commands[command] ?? (command === 'config' ? commands.env : command === 'config:set' ? commands['env:set'] : command === 'config:unset' ? commands['env:unset'] : null);
  if (!handler) {
    process.stderr.write(` ▸    ${command} is not a berth command. See \`berth help\`.\n`);
    return 2;
  }
  try {
    const code = await handler({ opts, args: [...args], dashdash });
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (opts.json) process.stderr.write(JSON.stringify({ error: e.message }) + '\n');
    else process.stderr.write(` ▸    ${e.message}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
