import type { BuildStep } from './types';
import { runtimeImage, type Runtime } from './runtime-images';

/**
 * Collects Dockerfile instructions and remembers which build step each one belongs to, so a
 * failure at "Step 7/11" reads as "install dependencies" instead of a Docker step number.
 *
 * The build context Berth sends has two parts: `src/` (the commit's tree, plus `REVISION` holding
 * the commit SHA) and `berth/ca.pem` (the host's CA bundle).
 */
export const CA_PATH = '/etc/berth/ca.pem';

export class DockerfileBuilder {
  private readonly lines: string[] = [];
  readonly steps: Record<number, BuildStep> = {};
  private labelled = false;

  /** `labels`: the image's labels, one LABEL instruction just before the code (see copySource). */
  constructor(private readonly labels: Record<string, string> = {}) {}

  /** Appends one instruction; `step` labels it for failure reports. */
  add(instruction: string, step?: BuildStep): this {
    this.lines.push(instruction);
    if (step) this.steps[this.lines.length] = step;
    return this;
  }

  /**
   * FROM the runtime, trust store for installs, /app owned by the non-root user. npm reads
   * NPM_CONFIG_CAFILE (upstream Node, berth/runtime-node, trusts its own CA list, not OpenSSL's
   * store); the other tools read SSL_CERT_FILE and their own variables. No NODE_EXTRA_CA_CERTS:
   * Node would parse the bundle at every start of every app, and only installs need it.
   */
  header(runtime: Runtime): this {
    return this.add(`FROM ${runtimeImage(runtime)}`)
      .add('USER root')
      .add(`COPY berth/ca.pem ${CA_PATH}`)
      .add(
        `ENV SSL_CERT_FILE=${CA_PATH} NPM_CONFIG_CAFILE=${CA_PATH} PIP_CERT=${CA_PATH} ` +
          `REQUESTS_CA_BUNDLE=${CA_PATH} CURL_CA_BUNDLE=${CA_PATH} COMPOSER_CAFILE=${CA_PATH}`,
      )
      .add('WORKDIR /app')
      .add('RUN chown app:app /app')
      .add('USER app');
  }

  /** Copies the listed repository files (dependency manifests) before the code: layer cache. */
  copyFiles(files: string[]): this {
    if (files.length === 0) return this;
    return this.add(`COPY --chown=app:app ${json([...files.map((f) => `src/${f}`), './'])}`);
  }

  /**
   * The code (and REVISION) — the last layer, after everything static (ENV, CMD), so a push
   * that only changes code costs one COPY (plus the compile step for Java).
   */
  copySource(): this {
    return this.addLabels().add('COPY --chown=app:app src/ ./');
  }

  /**
   * Labels are image metadata, but each LABEL instruction is one more committed step (~0.25 s):
   * one instruction, stable per app, placed after the dependency layers (so they stay shared
   * between apps) and before the code (so from an app's second build on it is a cache hit).
   */
  private addLabels(): this {
    const entries = Object.entries(this.labels).sort(([a], [b]) => a.localeCompare(b));
    if (this.labelled || entries.length === 0) return this;
    this.labelled = true;
    return this.add(`LABEL ${entries.map(([k, v]) => `${json(k)}=${json(v)}`).join(' ')}`);
  }

  /** CMD through a shell, so `$PORT` and Procfile syntax work; `exec` keeps signals direct. */
  shellCmd(command: string): this {
    return this.add(`CMD ${json(['/bin/sh', '-c', `exec ${command}`])}`);
  }

  run(command: string, step: BuildStep): this {
    return this.add(`RUN ${command}`, step);
  }

  text(): string {
    this.addLabels(); // a template without copySource: last
    return `${this.lines.join('\n')}\n`;
  }
}

export const json = (value: unknown) => JSON.stringify(value);
