import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ['dockerode', 'ssh2', 'cpu-features', '@node-rs/argon2', 'bullmq', 'ioredis', 'pg', 'isomorphic-git', 'acme-client'],
  poweredByHeader: false,
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
  experimental: { authInterrupts: true },
};

export default nextConfig;
