import path from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies } from './net/client-address';

/**
 * Every setting Berth reads from the environment, validated once. A bad value stops the
 * process with one line naming the variable (see `loadConfig`), never a stack trace.
 * `.env.example` documents each of them.
 */
const ZConfig = z.object({
  DATABASE_URL: z
    .string({ error: 'is required, e.g. postgresql://berth:berth@127.0.0.1:5432/berth' })
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  DOCKER_HOST: z
    .string()
    .regex(/^(unix|tcp|ssh):\/\//, 'must be unix://, tcp:// or ssh://')
    .default('unix:///var/run/docker.sock'),
  BERTH_DATA_DIR: z.string().min(1).default('/var/lib/berth'),
  BERTH_APPS_DOMAIN: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'must be a DNS domain such as localhost or apps.example.com')
    .default('localhost'),
  BERTH_PROXY_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** HTTPS port of the edge proxy (certificates picked by SNI); 0 turns HTTPS off. lib/tls. */
  BERTH_PROXY_TLS_PORT: z.coerce.number().int().min(0).max(65535).default(8443),
  /** ACME directory (issuer) for custom domains without an uploaded certificate. */
  BERTH_ACME_DIRECTORY_URL: z
    .string()
    .url('must be an ACME directory URL such as https://acme-v02.api.letsencrypt.org/directory')
    .default('https://acme-v02.api.letsencrypt.org/directory'),
  /** Contact address given to the ACME issuer (expiry notices); optional. */
  BERTH_ACME_EMAIL: z.union([z.literal(''), z.string().email('must be an email address')]).default(''),
  /** Extra CA (PEM file) trusted for the ACME directory's own HTTPS, e.g. a private or test CA. */
  BERTH_ACME_CA_FILE: z.string().default(''),
  /**
   * host:port of the web process. Set, with an https:// BERTH_PUBLIC_URL, the edge serves Berth's
   * own UI, API and git on the public URL's hostname over HTTPS (ACME certificate). Empty = off.
   */
  BERTH_EDGE_UI_UPSTREAM: z
    .string()
    .regex(/^$|^[0-9a-zA-Z.-]+:\d{1,5}$/, 'must be host:port of the web process, e.g. 127.0.0.1:3000')
    .default(''),
  BERTH_PUBLIC_URL: z.string().url('must be a URL such as http://localhost:3000').default('http://localhost:3000'),
  BERTH_SECRET_KEY: z
    .string({ error: 'is required: 64 hex characters (openssl rand -hex 32)' })
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (openssl rand -hex 32)'),
  BERTH_BUILD_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  BERTH_BUILD_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(900),
  BERTH_BUILD_CA_FILE: z.string().default('/etc/ssl/certs/ca-certificates.crt'),
  /** Extra CA certificates (*.crt) added to every build's trust store, e.g. a TLS-inspecting proxy's. */
  BERTH_BUILD_CA_DIR: z.string().default('/usr/local/share/ca-certificates'),
  /** A commit whose files add up to more than this (uncompressed) is not built. */
  BERTH_BUILD_MAX_SOURCE_MB: z.coerce.number().int().min(1).default(1024),
  /** Limits of every build step (docker build memory, CPUs, processes); see docs/security.md. */
  BERTH_BUILD_MEMORY_MB: z.coerce.number().int().min(64).default(2048),
  BERTH_BUILD_CPUS: z.coerce.number().min(0.1).max(64).default(1),
  /** Processes per build (0 = no limit: only where the engine is not on this machine). */
  BERTH_BUILD_PIDS_LIMIT: z.coerce
    .number()
    .int()
    .refine((v) => v === 0 || v >= 16, 'must be 0 (off) or at least 16')
    .default(1024),
  /**
   * Java builds without lib/*.jar compile in the app's warm javac (lib/builds/warm-javac), kept
   * for this many minutes after its last compile; 0 = off (javac runs in the image build).
   */
  BERTH_JAVA_COMPILER_IDLE_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  /** Build output kept per build (lines and bytes); the rest is dropped with a note. */
  BERTH_BUILD_LOG_MAX_LINES: z.coerce.number().int().min(100).default(20_000),
  BERTH_BUILD_LOG_MAX_MB: z.coerce.number().int().min(1).default(8),
  /**
   * `iptables`: RUN steps join the build network, whose traffic to this machine and to private,
   * loopback and link-local addresses Berth drops (needs root and the local engine). `off`: the
   * admin isolates builds some other way (docs/security.md).
   */
  BERTH_BUILD_FIREWALL: z.enum(['iptables', 'off']).default('iptables'),
  /** CIDRs builds may reach although they are private (an internal package mirror), comma-separated. */
  BERTH_BUILD_EGRESS_ALLOW: z
    .string()
    .regex(/^[0-9a-fA-F.:/,\s]*$/, 'must be comma-separated CIDRs such as 10.1.2.3/32')
    .default(''),
  /** Image name prefixes user Dockerfiles may use besides Berth's own, e.g. docker.io/library/. */
  BERTH_BUILD_ALLOWED_IMAGES: z.string().default(''),
  /** Pushes larger than this are refused (git receive.maxInputSize and the HTTP body). */
  BERTH_GIT_MAX_PUSH_MB: z.coerce.number().int().min(1).default(512),
  /** A push that would make the repository larger than this on disk is refused. */
  BERTH_GIT_MAX_REPO_MB: z.coerce.number().int().min(1).default(2048),
  BERTH_REGISTRY: z.string().default('127.0.0.1:5000'),
  BERTH_NGINX_BIN: z.string().default('/usr/sbin/nginx'),
  BERTH_HOST_RESERVE_CPU: z.coerce.number().int().min(0).default(250),
  BERTH_HOST_RESERVE_MEMORY_MB: z.coerce.number().int().min(0).default(512),
  /**
   * Requests may add up to (capacity − reserve) × this on a host without its own ratio. CPU is
   * compressible (shares decide under contention; measured use keeps busy hosts out), memory is
   * not: hence 2 and 1.
   */
  BERTH_HOST_CPU_OVERCOMMIT: z.coerce.number().min(1, 'must be at least 1').max(100).default(2),
  BERTH_HOST_MEMORY_OVERCOMMIT: z.coerce.number().min(1, 'must be at least 1').max(100).default(1),
  /** How long a release phase (Procfile `release:`) may run before the deploy fails. */
  BERTH_RELEASE_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(900),
  /** How long a new web instance has to accept connections (and answer GET / below 500) before its deploy fails. */
  BERTH_HEALTH_STARTUP_SECONDS: z.coerce.number().int().min(1).default(60),
  /**
   * Startup CPU boost (lib/deploys/cpu-boost.ts): an instance whose tier caps its CPU starts with
   * the host's every core as its limit, capped to the tier's once healthy or after this many
   * seconds, whichever is first; 0 = off (instances start capped).
   */
  BERTH_STARTUP_CPU_BOOST_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** A host that has not answered its heartbeat for this long becomes UNREACHABLE. */
  BERTH_HOST_GRACE_SECONDS: z.coerce.number().int().min(1).default(15),
  /** Apps with no request for this many minutes are put to sleep (per-app setting wins); 0 = never. */
  BERTH_SLEEP_AFTER_IDLE_MINUTES: z.coerce.number().int().min(0).default(0),
  /** Loopback port of the waker (worker process) that nginx hands sleeping apps' requests to. */
  BERTH_WAKER_PORT: z.coerce.number().int().min(1).max(65535).default(8079),
  /** Loopback port of the console endpoint (worker process); the web server rewrites /console/ws to it. */
  BERTH_CONSOLE_PORT: z.coerce.number().int().min(1).max(65535).default(8078),
  /** A console with no input and no output for this long is closed. */
  BERTH_CONSOLE_IDLE_SECONDS: z.coerce.number().int().min(1).default(900),
  /** How long the waker holds a request while the app starts before answering 503. */
  BERTH_WAKE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(60),
  BERTH_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * Reverse proxies in front of the web process whose X-Forwarded-For is believed (addresses and
   * CIDR ranges, comma-separated). Empty: the client is whoever opened the TCP connection.
   */
  BERTH_TRUSTED_PROXIES: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `must be IP addresses or CIDR ranges separated by commas (${(error as Error).message})` });
      }
    }),
  /**
   * Webhook remotes must be https:// on a public address; `true` (an admin decision, used by the
   * tests) also allows http://, file:// and private, loopback and link-local addresses.
   */
  BERTH_ALLOW_INSECURE_REMOTES: z.enum(['true', 'false']).default('false'),
  /** Signed webhook deliveries are remembered this long; the same delivery again is ignored. */
  BERTH_WEBHOOK_REPLAY_WINDOW_HOURS: z.coerce.number().int().min(1).default(72),
  /** ssh:// DOCKER_HOST only: the engine's SSH host key fingerprint (SHA256:…), which must match. */
  DOCKER_HOST_SSH_FINGERPRINT: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'must be SHA256:<base64> as ssh-keygen -lf prints').optional(),
  /** Address pool of the per-app Docker networks (one /26 each, 1,024 apps per /16). */
  BERTH_APP_NETWORK_POOL: z
    .string()
    .regex(/^(\d{1,3}\.){3}\d{1,3}\/(1[0-9]|2[0-4]|[89])$/, 'must be an IPv4 CIDR range between /8 and /24, e.g. 10.128.0.0/16')
    .default('10.128.0.0/16'),
  /**
   * App networks kept ready for the next new apps, each with a holder publishing a port
   * (lib/deploys/network-pool.ts): New app then starts its instance joined, without making a
   * network. Only on an installation with one ready host; 0 = off.
   */
  BERTH_NEW_APP_NETWORKS: z.coerce.number().int().min(0).max(8).default(1),
  /**
   * `iptables`: Berth keeps app networks off the host's services and private ranges with host
   * firewall rules (lib/docker/app-firewall.ts), on every host: remote ones through a short-lived
   * nettools container (lib/firewall). `off` only where apps are isolated some other way.
   */
  BERTH_APP_FIREWALL: z.enum(['iptables', 'off']).default('iptables'),
  /** Host ports handed to app containers on the local host, e.g. 20000-20999. */
  BERTH_PORT_RANGE: z
    .string()
    .regex(/^\d{2,5}-\d{2,5}$/, 'must be a range such as 20000-20999')
    .default('20000-20999'),
  /**
   * Names this Berth installation. Containers carry it as label `berth.installation`, queues use
   * it as their Redis prefix: two installations (or test runs) can share one Docker engine and
   * one Redis without touching each other's containers or jobs.
   */
  BERTH_INSTALLATION: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'must be lowercase letters, digits and dashes')
    .default('berth'),
});

export type Config = z.infer<typeof ZConfig> & {
  /** Absolute directories derived from BERTH_DATA_DIR. */
  paths: { data: string; repos: string; nginx: string; logs: string; tmp: string };
};

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
  }
  const data = path.resolve(parsed.data.BERTH_DATA_DIR);
  return {
    ...parsed.data,
    paths: {
      data,
      repos: path.join(data, 'repos'),
      nginx: path.join(data, 'nginx'),
      logs: path.join(data, 'logs'),
      tmp: path.join(data, 'tmp'),
    },
  };
}

let cached: Config | undefined;

/** The process-wide configuration; throws ConfigError with a one-line message when invalid. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For entry points (worker, scripts): print the one-line reason and exit instead of a stack. */
export function loadConfigOrExit(): Config {
  try {
    return config();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
