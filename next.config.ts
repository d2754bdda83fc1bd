import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ['dockerode', 'ssh2', 'cpu-features', '@node-rs/argon2', 'bullmq', 'ioredis', 'pg', 'isomorphic-git', 'acme-client'],
  poweredByHeader: false,
  // Production runs `.next/standalone/server.js` (scripts/build.sh copies static/ and public/ next to
  // it): only the traced node_modules, no `next` CLI, a smaller idle process. That server chdirs into
  // the standalone directory, so files read at run time by path (the templates' starters and
  // runtime Dockerfiles, lib/templates/templates-dir.ts) are traced in explicitly.
  output: 'standalone',
  // The web process may install a new host's app firewall (lib/firewall): its nettools image directory too.
  outputFileTracingIncludes: { '/**': ['./lib/templates/**/*', './lib/firewall/nettools/**/*'] },
  // scripts/test.sh builds the e2e instance into its own directory so a running `npm run up` is untouched.
  distDir: process.env.BERTH_DIST_DIR || '.next',
  typescript: {
    // Next adds "<distDir>/types" to the tsconfig it is given; e2e builds get a throwaway copy so
    // tsconfig.json stays as committed. They also skip the type check: `npm test` runs tsc itself.
    tsconfigPath: process.env.BERTH_TSCONFIG || 'tsconfig.json',
    ignoreBuildErrors: process.env.BERTH_SKIP_BUILD_TYPECHECK === '1',
  },
  typedRoutes: false,
  // forbidden() + app/forbidden.tsx: an AppError FORBIDDEN thrown while a page renders shows the
  // 403 page (lib/http/page.ts), as NOT_FOUND shows the 404 page.
  // preloadEntriesOnStart: false — Next loads every page's and route's server chunk at start by
  // default; here each loads on its first request, so an idle web server stays small (an admin UI
  // sees little traffic; the first hit of a page pays a few ms). bench/control-plane.ts measures it.
  experimental: { authInterrupts: true, preloadEntriesOnStart: false },
  // The console's WebSockets are served by the worker on a loopback port (route handlers cannot
  // upgrade); Next proxies upgrades of external rewrites, so browsers stay on Berth's origin.
  // The port is read when the server is built, like every rewrite: build and worker must agree.
  async rewrites() {
    const port = Number(process.env.BERTH_CONSOLE_PORT || 8078);
    return { beforeFiles: [{ source: '/console/ws/:app', destination: `http://127.0.0.1:${port}/console/ws/:app` }], afterFiles: [], fallback: [] };
  },
  // Security headers for every response. Pages also get a Content-Security-Policy with a per-request
  // nonce from proxy.ts; API and git responses are never documents, so theirs allows nothing.
  async headers() {
    const everywhere = [
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'same-origin' },
      { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
      { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
      { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
    ];
    const noDocument = [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'; sandbox" }];
    return [
      { source: '/:path*', headers: everywhere },
      { source: '/api/:path*', headers: noDocument },
      { source: '/git/:path*', headers: noDocument },
    ];
  },
};

export default nextConfig;
