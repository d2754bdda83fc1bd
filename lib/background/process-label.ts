import os from 'node:os';

/** Who this process is, in logs, pg_stat_activity and BullMQ's job.processedBy: `<host>/<pid>`. */
export const processLabel = () => `${os.hostname()}/${process.pid}`;
