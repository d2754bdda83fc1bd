// Runs once when the Next.js server starts: a bad configuration stops the web process with one
// line naming the variable (the worker does the same via loadConfigOrExit). Then every incoming
// request gets stamped with its TCP peer address (lib/net/client-address.ts: Next passes a
// client's own X-Forwarded-For through), and a Berth without users logs its setup code.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return; // `next build` needs no runtime config
  const { loadConfigOrExit } = await import('./lib/config');
  loadConfigOrExit();
  const { installPeerStamp } = await import('./lib/net/client-address');
  installPeerStamp();
  const { announceSetupCode } = await import('./lib/auth/setup-admin');
  await announceSetupCode();
}
