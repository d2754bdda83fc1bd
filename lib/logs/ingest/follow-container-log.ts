import type Docker from 'dockerode';
import { followContainerLogs } from '../../docker/containers';
import type { ContainerOwner } from '../../docker/container-owner';
import { LogFrameParser, type ParsedLogLine } from './docker-log-frames';
import type { LogCursor } from './log-cursor';
import type { LogWriter } from './log-writer';

const MAX_BACKLOG = 250; // lines of at most MAX_LINE each: a few MB held at most

/**
 * One container's log into LogLine: follows Docker's stream from where `cursor` says shipping
 * stopped (dropping what is already stored), until the stream ends (the container stopped) or
 * `signal` aborts, then flushes what it read.
 */
export async function followContainerLog(
  docker: Docker,
  containerId: string,
  owner: ContainerOwner,
  cursor: LogCursor,
  writer: LogWriter,
  signal: AbortSignal,
): Promise<void> {
  const since = cursor.startReplay();
  const stream = await followContainerLogs(docker, containerId, { since, signal });
  const parser = new LogFrameParser();
  const take = (lines: ParsedLogLine[]) => {
    for (const line of lines) {
      if (!cursor.accept(line)) continue;
      writer.add({
        appId: owner.appId,
        instanceId: owner.instanceId,
        instanceName: owner.instanceName,
        addonId: owner.addonId ?? null,
        stream: line.stream,
        line: line.line,
        ts: line.ts,
      });
    }
  };
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      take(parser.push(chunk));
      // Backpressure: a container printing faster than Postgres stores must not fill the worker.
      if (writer.backlog >= MAX_BACKLOG) {
        stream.pause();
        void writer.flush().finally(() => stream.resume());
      }
    });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', (error: Error) => (signal.aborted ? resolve() : reject(error)));
  });
  take(parser.flush());
  await writer.flush();
}
