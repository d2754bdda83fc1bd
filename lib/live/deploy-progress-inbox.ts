import type { Progress } from '../model/progress';
import type { LiveMessage } from './message-queue';
import type { ProgressUpdate } from './progress-events';

/**
 * Sorts the app's progress messages for one build's deploy. The app channel carries every
 * build and deploy of the app; only messages about this build or its release count, and only
 * once the build is done (earlier deploy messages belong to an older release still deploying).
 * Remembers releases the deploy worker called live: that is when users are really served.
 */
export class DeployProgressInbox {
  private readonly sawLive = new Set<string>();

  constructor(
    private readonly appChannel: string,
    private readonly buildId: string,
  ) {}

  /** While the build runs: remembered, never shown. */
  duringBuild(message: LiveMessage): undefined {
    this.accept(message, null);
    return undefined;
  }

  /** After the build: the message as an event when it is about this deploy. */
  afterBuild(message: LiveMessage, releaseId: string | null): ProgressUpdate | null {
    const progress = this.accept(message, releaseId);
    return progress ? { type: 'progress', progress } : null;
  }

  sawLiveMessage(releaseId: string): boolean {
    return this.sawLive.has(releaseId);
  }

  private accept(message: LiveMessage, releaseId: string | null): Progress | null {
    if (message.channel !== this.appChannel) return null;
    const p = parse(message.raw);
    if (!p || p.step === 'build' || p.step === 'repository') return null;
    if (p.buildId && p.buildId !== this.buildId) return null;
    if (p.releaseId && releaseId && p.releaseId !== releaseId) return null;
    if (p.step === 'live' && p.releaseId) this.sawLive.add(p.releaseId);
    return p;
  }
}

function parse(raw: string): Progress | null {
  try {
    return JSON.parse(raw) as Progress;
  } catch {
    return null; // malformed: ignore
  }
}
