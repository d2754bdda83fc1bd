// Runs once when the Next.js server starts: a bad configuration stops the web process with one
// line naming the variable (the worker does the same via loadConfigOrExit).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return; // `next build` needs no runtime config
  const { loadConfigOrExit } = await import('./lib/config');
  loadConfigOrExit();
}
