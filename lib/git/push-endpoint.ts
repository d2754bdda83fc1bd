import { describeError } from '../errors';
import { isHookSecret } from './hook-secret';
import { onPush, ZPushReport } from './on-push';
import { settlePush, type PushVerdict } from './push-verdict';
import { readPushReport } from './read-push-report';

/**
 * POST /api/internal/push: the post-receive hook's report. Answers with a plain-text stream that
 * the hook copies to git's output. A plain `(Request) => Response` so tests can mount it.
 */
export async function handlePushReport(request: Request): Promise<Response> {
  if (!isHookSecret(request.headers.get('x-berth-hook-secret'))) return new Response('Forbidden\n', { status: 403 });
  const body = ZPushReport.safeParse(await readPushReport(request).catch(() => null));
  if (!body.success) return new Response('Bad push report\n', { status: 400 });
  const abort = new AbortController();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let verdict: PushVerdict;
      try {
        const narration = onPush(body.data, { signal: abort.signal });
        for (;;) {
          const next = await narration.next();
          if (next.done) {
            verdict = next.value;
            break;
          }
          controller.enqueue(encoder.encode(next.value));
        }
      } catch (error) {
        console.error('[git] push handling failed', error);
        controller.enqueue(encoder.encode(` !     Berth could not process the push: ${describeError(error)}\n`));
        verdict = { ok: false, message: `Push failed: Berth could not process it (${describeError(error)}). Push again.` };
      }
      // Settled before the stream closes: the hook exits after it, and git's response ends after
      // the hook, where serve-git-http.ts reads the verdict.
      if (body.data.pushId) settlePush(body.data.pushId, verdict);
      controller.close();
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store, no-transform' } });
}
