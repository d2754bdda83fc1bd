import { open, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../../config';
import { db } from '../../db';
import { aggregateAccessLines } from './access-log';

/**
 * Reads what the edge proxy appended to its access log since the last call and adds it to
 * RequestStat (per app, per minute). The read offset (with the file's inode, to notice rotation)
 * is saved next to the data so a worker restart neither skips nor double-counts.
 */
const MAX_READ = 16 * 1024 * 1024; // per call; the rest is read next time

type Offset = { ino: number; offset: number };

export async function ingestAccessLog(opts: { file?: string; stateFile?: string } = {}): Promise<number> {
  const file = opts.file ?? path.join(config().paths.nginx, 'access.log');
  const stateFile = opts.stateFile ?? path.join(config().paths.logs, 'access-log.offset.json');
  const info = await stat(file).catch(() => null);
  if (!info) return 0;
  const saved = await readOffset(stateFile);
  let offset = saved && saved.ino === info.ino && saved.offset <= info.size ? saved.offset : 0;
  if (offset >= info.size) return 0;

  const handle = await open(file, 'r');
  let text: string;
  try {
    const length = Math.min(info.size - offset, MAX_READ);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  // Only whole lines; a line nginx is still writing is read next time.
  const end = text.lastIndexOf('\n');
  if (end < 0) return 0;
  const lines = text.slice(0, end).split('\n');
  offset += Buffer.byteLength(text.slice(0, end + 1));

  const buckets = aggregateAccessLines(lines);
  const apps = await db.app.findMany({
    where: { name: { in: [...new Set(buckets.map((b) => b.app))] } },
    select: { id: true, name: true },
  });
  const idOf = new Map(apps.map((a) => [a.name, a.id]));
  await db.$transaction(
    buckets
      .filter((b) => idOf.has(b.app))
      .map(
        (b) => db.$executeRaw`
          INSERT INTO "RequestStat" ("appId", "minute", "count", "errors", "clientErrors", "totalMs", "maxMs", "latency")
          VALUES (${idOf.get(b.app)}, ${b.minute}, ${b.count}, ${b.errors}, ${b.clientErrors}, ${b.totalMs}, ${b.maxMs}, ${b.latency}::int[])
          ON CONFLICT ("appId", "minute") DO UPDATE SET
            "count" = "RequestStat"."count" + EXCLUDED."count",
            "errors" = "RequestStat"."errors" + EXCLUDED."errors",
            "clientErrors" = "RequestStat"."clientErrors" + EXCLUDED."clientErrors",
            "totalMs" = "RequestStat"."totalMs" + EXCLUDED."totalMs",
            "maxMs" = GREATEST("RequestStat"."maxMs", EXCLUDED."maxMs"),
            -- Histograms add element-wise (a row from before histograms has an empty one).
            "latency" = ARRAY(
              SELECT COALESCE(a, 0) + COALESCE(b, 0)
              FROM unnest("RequestStat"."latency", EXCLUDED."latency") WITH ORDINALITY AS h(a, b, i)
              ORDER BY i)`,
      ),
  );
  await writeOffset(stateFile, { ino: info.ino, offset });
  return lines.length;
}

async function readOffset(file: string): Promise<Offset | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Offset;
  } catch {
    return null;
  }
}

async function writeOffset(file: string, value: Offset): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}
