import { serveGitHttp } from '@/lib/git/serve-git-http';

// Git smart HTTP (clone/fetch/push) at /git/<app>.git/… — see lib/git/serve-git-http.ts.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const serve = (request: Request) => serveGitHttp(request);
export const GET = serve;
export const POST = serve;
