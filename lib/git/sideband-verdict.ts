/**
 * Ends a receive-pack response with an error the git client treats as fatal, so `git push` exits
 * non-zero after the refs were updated (Berth builds and deploys after the update, in
 * post-receive; see lib/git/README.md).
 *
 * With side-band (every git since 1.7 asks for it when pushing over HTTP) the response is a run of
 * pkt-lines — 4 hex digits of length including themselves, then the payload whose first byte is
 * the band: 1 data (the ref status report), 2 progress (the hooks' output, shown as `remote:`),
 * 3 fatal error — closed by a flush packet `0000` written after the post-receive hook returned.
 * Replacing that last flush with a band-3 packet makes the client print the message and fail,
 * without touching anything before it.
 */
const FLUSH = '0000';
const MAX_PAYLOAD = 65515; // LARGE_PACKET_MAX (65520) − 4 length digits − 1 band byte

/** A band-3 (fatal error) pkt-line carrying `message` (cut to what one packet holds). */
export function sidebandErrorPacket(message: string): Uint8Array {
  let payload = Buffer.from(message.endsWith('\n') ? message : `${message}\n`, 'utf8');
  if (payload.length > MAX_PAYLOAD) payload = payload.subarray(0, MAX_PAYLOAD);
  const length = (payload.length + 5).toString(16).padStart(4, '0');
  return Buffer.concat([Buffer.from(length, 'ascii'), Buffer.from([3]), payload]);
}

/** Whether a response body that starts with `head` (≥ 5 bytes) is side-band multiplexed. */
export function isSideband(head: Uint8Array): boolean {
  if (head.length < 5) return false;
  const length = Buffer.from(head.subarray(0, 4)).toString('ascii');
  return /^[0-9a-f]{4}$/.test(length) && length !== FLUSH && head[4] >= 1 && head[4] <= 3;
}

/**
 * A pass-through for a receive-pack response body that holds back its last 4 bytes; at the end,
 * when they are the closing flush of a side-band stream and `failure()` names a reason, they are
 * replaced by a fatal-error packet with that reason. Anything else passes unchanged.
 */
export function failPushAtEnd(failure: () => string | null): TransformStream<Uint8Array, Uint8Array> {
  let held: Uint8Array = new Uint8Array(0);
  let head: Uint8Array = new Uint8Array(0);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (head.length < 5) head = Buffer.concat([head, chunk.subarray(0, 5 - head.length)]);
      const all = held.length ? Buffer.concat([held, chunk]) : chunk;
      const keep = Math.min(4, all.length);
      if (all.length > keep) controller.enqueue(all.subarray(0, all.length - keep));
      held = all.slice(all.length - keep);
    },
    flush(controller) {
      const endsWithFlush = Buffer.from(held).toString('latin1') === FLUSH;
      const reason = endsWithFlush && isSideband(head) ? failure() : null;
      if (reason) controller.enqueue(sidebandErrorPacket(reason));
      else if (held.length) controller.enqueue(held);
    },
  });
}
