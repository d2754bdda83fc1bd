import { handlePushReport } from '@/lib/git/push-endpoint';

// Called only by Berth's own post-receive hook (authenticated by the per-process hook secret).
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = (request: Request) => handlePushReport(request);
