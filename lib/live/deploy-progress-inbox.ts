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
    const p = message.channel === this.appChannel ? parse(message.raw) : null;
    if (!p || !this.isAboutThisDeploy(p, releaseId)) return null;
    if (p.step === 'live' && p.releaseId) this.sawLive.add(p.releaseId);
    return p;
  }

  /** Build steps are told by the build log; another build's or release's messages are not ours. */
  private isAboutThisDeploy(p: Progress, releaseId: string | null): boolean {
    if (p.step === 'build' || p.step === 'repository') return false;
    if (p.buildId && p.buildId !== this.buildId) return false;
    return !(p.releaseId && releaseId && p.releaseId !== releaseId);
  }
}

function parse(raw: string): Progress | null {
  try {
    return JSON.parse(raw) as Progress;
  } catch {
    return null; // malformed: ignore
  }
}
