import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { appRoute } from '@/lib/http/app-route';
import { openBackupDownload } from '@/lib/addons/addon-backups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET …/addons/<id>/backups/<backupId>/download — the dump file as an attachment. */
export const GET = appRoute<{ name: string; id: string; backupId: string }>(async ({ actor, name, id, backupId }) => {
  const file = await openBackupDownload(actor, name, id, backupId);
  return new Response(Readable.toWeb(createReadStream(file.path)) as ReadableStream, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(file.sizeBytes),
      'content-disposition': `attachment; filename="${file.filename}"`,
      ...(file.sha256 ? { 'x-checksum-sha256': file.sha256 } : {}),
    },
  });
});
