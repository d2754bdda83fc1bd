import type { Template } from '../generated/prisma/enums';
import type { AppJsonFormation } from '../model/formation';

/**
 * What the build knows about a commit before writing a Dockerfile. Detection and Dockerfile
 * generation are pure functions over a SourceTree so they are unit-tested without Docker.
 */
export type SourceTree = {
  /** Every regular file, as a repository-relative POSIX path ("src/Main.java"). */
  files: string[];
  /** Text of a (small) file, or null when missing. */
  read: (path: string) => string | null;
};

export type ProcessTypes = Record<string, string>;

export type Healthcheck = {
  path: string;
  expectedStatus: number;
  timeoutMs: number;
  attempts: number;
  /** The body must contain this text. */
  content?: string;
  /** Pause between attempts. */
  waitMs?: number;
};

/** Where a failed build went wrong, in the words shown to users. */
export type BuildStep = 'export' | 'detect' | 'dockerfile' | 'install dependencies' | 'compile' | 'docker build' | 'timeout';

export type PhpPlan = { template: 'PHP'; docroot: string; composer: boolean; composerLock: boolean };
export type NodePlan = {
  template: 'NODE';
  lockfile: 'package-lock.json' | 'npm-shrinkwrap.json' | null;
  /** argv of a `start` script that is only `node <file> [args]` (no pre/post hooks): run directly. */
  directStart: string[] | null;
};
export type PythonPlan = { template: 'PYTHON'; requirements: boolean; wsgi: string | null; script: string | null };
export type JavaPlan =
  | { template: 'JAVA'; mode: 'maven' }
  /** `precompiled`: the classes are in the build context already (src/classes, from the app's warm javac). */
  | { template: 'JAVA'; mode: 'javac'; mainClass: string | null; hasLib: boolean; precompiled?: boolean }
  | { template: 'JAVA'; mode: 'jar'; jar: string };
export type StaticPlan = { template: 'STATIC'; root: string | null; cleanUrls: boolean; errorPage: string | null };
export type DockerfilePlan = { template: 'DOCKERFILE' };

export type LanguagePlan = PhpPlan | NodePlan | PythonPlan | JavaPlan | StaticPlan | DockerfilePlan;

export type BuildPlan = LanguagePlan & {
  /** Why this template was picked, for the build log. */
  reason: string;
  processTypes: ProcessTypes;
  healthcheck: Healthcheck | null;
  /** app.json `formation`: quantity and tier per process type ({} when none). */
  formation: AppJsonFormation;
  /** Non-fatal findings (ignored Procfile lines, unsupported Pipfile...) for the build log. */
  warnings: string[];
};

export type { Template };
