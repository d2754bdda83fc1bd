import type { DockerfileBuilder } from './dockerfile-builder';
import type { Runtime } from './runtime-images';
import type { LanguagePlan, ProcessTypes, SourceTree, Template } from './types';

/** One language template: its detection rule and its Dockerfile. */
export type LanguageTemplate<P extends LanguagePlan = LanguagePlan> = {
  template: Template;
  runtime: Runtime | null;
  /** Human words for "what it looked for" in the no-match failure. */
  looksFor: string;
  /** The file that made it match, or null. */
  matches: (tree: SourceTree) => string | null;
  plan: (tree: SourceTree, warnings: string[]) => P;
  /**
   * Whether the plan's RUN steps fetch anything (npm, PyPI, Packagist, Maven Central). The build
   * gives RUN steps the filtered build network only then; otherwise `--network none`
   * (lib/builds/build-sandbox.ts): stricter, and each RUN container starts without a bridge endpoint.
   */
  needsNetwork: (plan: P) => boolean;
  /** Adds the language's instructions after the common header. */
  dockerfile: (plan: P, b: DockerfileBuilder, processTypes: ProcessTypes) => void;
};

export const hasFile = (tree: SourceTree, path: string) => tree.files.includes(path);
