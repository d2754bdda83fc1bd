import type { BuildStep } from '../templates/types';

/** Why a build stopped, as stored on the row: step + plain words + the last log lines. */
export class BuildFailure extends Error {
  constructor(
    readonly step: BuildStep,
    message: string,
  ) {
    super(message);
    this.name = 'BuildFailure';
  }
}

export class BuildCancelled extends Error {
  constructor() {
    super('build cancelled');
    this.name = 'BuildCancelled';
  }
}

const STEP_WORDS: Record<BuildStep, string> = {
  export: 'Writing the commit into the build directory failed',
  detect: 'Could not tell how to build this app',
  dockerfile: 'The Dockerfile was refused',
  'install dependencies': 'Installing dependencies failed',
  compile: 'Compiling the app failed',
  'docker build': 'The image build failed',
  timeout: 'The build took too long',
};

export function failureText(step: BuildStep, detail: string, lastLines: string[], hint?: string | null): string {
  const parts = [`${STEP_WORDS[step]}: ${detail}`];
  if (hint) parts.push(hint);
  if (lastLines.length) parts.push(`Last log lines:\n${lastLines.join('\n')}`);
  return parts.join('\n\n');
}

/** A docker error such as "The command '/bin/sh -c npm ci' returned a non-zero code: 1" in words. */
export function describeDockerError(message: string): string {
  const m = /The command '\/bin\/sh -c (.*)' returned a non-zero code: (\d+)/s.exec(message);
  if (m) return `\`${m[1]}\` exited with code ${m[2]}`;
  return message;
}

/** A write into a full filesystem (the build directory) — Node reports it as code ENOSPC. */
export function isNoSpace(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++)
    if (e.code === 'ENOSPC') return true;
  return false;
}

/** The words for a full build directory: what happened, where, and what to do. */
export function noSpaceText(buildDir: string): string {
  return `no space left on device in the build directory ${buildDir}: free space there (or give BERTH_DATA_DIR/tmp a larger filesystem) and push again`;
}

/** Known causes worth a sentence of advice. */
export function hintFor(step: BuildStep, template: string | null, lines: string[]): string | null {
  const text = lines.join('\n');
  if (template === 'JAVA' && /mvn|maven/i.test(text))
    return 'Maven needs Maven Central (repo.maven.apache.org), which this machine cannot reach: commit plain .java sources or a prebuilt .jar instead.';
  if (template === 'PHP' && step === 'install dependencies' && /packagist|composer/i.test(text))
    return 'composer could not download packages (Packagist is not reachable from this machine): commit vendor/ with composer.lock, or drop the requirement.';
  if (template === 'PYTHON' && step === 'install dependencies' && /(pypi|Could not find a version|ConnectTimeout|NewConnectionError)/i.test(text))
    return 'pip could not reach PyPI from this machine; Debian-packaged Python libraries (e.g. gunicorn) are already available.';
  if (step === 'install dependencies' && /(self.signed|unable to get local issuer|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_)/i.test(text))
    return 'A TLS certificate was not trusted: add the CA certificate to BERTH_BUILD_CA_DIR (see README, "Builds & templates").';
  if (template === 'NODE' && /(E404|ETARGET|notarget)/.test(text))
    return 'npm could not find a package or version listed in package.json.';
  return null;
}
