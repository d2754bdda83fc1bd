/**
 * Server-Sent Events framing, in one place so every stream writes the same bytes. EventSource
 * clients resume with Last-Event-ID, so an `id` goes first and only where the stream can resume
 * from it. `data` is JSON on one line (JSON.stringify never emits a raw newline).
 */
export type SseEvent = { event: string; id?: string | number; data: unknown };
/** A comment line (ignored by clients: heartbeats, banners), optionally with a reconnect delay. */
export type SseComment = { comment: string; retry?: number };
export type SseItem = SseEvent | SseComment;

export function formatSse(item: SseItem): string {
  if ('comment' in item) return `${item.retry === undefined ? '' : `retry: ${item.retry}\n`}: ${item.comment}\n\n`;
  const id = item.id === undefined ? '' : `id: ${item.id}\n`;
  return `${id}event: ${item.event}\ndata: ${JSON.stringify(item.data)}\n\n`;
}
