import type { Build, BuildStatus, Template } from '../db';

/** What the UI and API see of a build (no Prisma types, BigInt as number). */
export type BuildDto = {
  id: string;
  appId: string;
  number: number;
  status: BuildStatus;
  commitSha: string;
  commitMessage: string | null;
  commitAuthor: string | null;
  branch: string;
  trigger: string;
  template: Template | null;
  imageTag: string | null;
  imageSize: number | null;
  failedStep: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
};

export function toBuildDto(build: Build): BuildDto {
  return {
    id: build.id,
    appId: build.appId,
    number: build.number,
    status: build.status,
    commitSha: build.commitSha,
    commitMessage: build.commitMessage,
    commitAuthor: build.commitAuthor,
    branch: build.branch,
    trigger: build.trigger,
    template: build.template,
    imageTag: build.imageTag,
    imageSize: build.imageSize === null ? null : Number(build.imageSize),
    failedStep: build.failedStep,
    error: build.error,
    createdAt: build.createdAt.toISOString(),
    startedAt: build.startedAt?.toISOString() ?? null,
    finishedAt: build.finishedAt?.toISOString() ?? null,
    durationMs: build.durationMs,
  };
}
