import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ['dockerode', 'ssh2', 'cpu-features', '@node-rs/argon2', 'bullmq', 'ioredis', 'pg', 'isomorphic-git'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
