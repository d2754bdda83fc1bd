import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { localDocker } from '../../docker/connect';
import { execInContainer } from '../../docker/container-exec';
import { describeError } from '../../errors';
import { JDBC_DIR } from '../../templates/java/template';
import type { BuildPlan } from '../../templates/types';
import { BuildFailure } from '../failure';
import { createFileNoFollow } from '../safe-write';
import { JAVAC_PORT, runningCompiler, type CompilerApp } from './compiler-container';
import { classFilePath, decodeReply, encodeJob, sendablePath, type JavacSource } from './protocol';

/** The exec'd client: the job on stdin to the server's loopback port, the reply to stdout. No user value in it. */
const CLIENT = `exec 3<>/dev/tcp/127.0.0.1/${JAVAC_PORT} || exit 3\ncat >&3 || exit 4\nexec cat <&3`;
const COMPILE_TIMEOUT_MS = 120_000;
const MAX_REPLY_BYTES = 256 * 1024 * 1024;

type JavacPlan = BuildPlan & { template: 'JAVA'; mode: 'javac' };

/** A plan the warm javac can compile: plain javac, no lib/*.jar. */
export const canPrecompile = (plan: BuildPlan): plan is JavacPlan => plan.template === 'JAVA' && plan.mode === 'javac' && !plan.hasLib;

/**
 * A plain-javac Java build (no lib/*.jar: those may carry annotation processors, which only the
 * image build runs) compiles in the app's warm javac when it runs: the classes are written to
 * src/classes and the plan comes back `precompiled` (the Dockerfile then has no javac step).
 * Compile errors fail the build at `compile`, as javac in the image build would. Anything else
 * — no compiler running or still warming up, a tree the image build must see as is (a
 * `classes` entry, a *.java that is not a regular file) — returns the plan unchanged: javac runs
 * in the image build as before.
 */
export async function precompileJava(input: { app: CompilerApp; plan: BuildPlan; src: string; log: (line: string) => void }): Promise<BuildPlan> {
  const { app, plan, src, log } = input;
  if (!canPrecompile(plan) || plan.precompiled) return plan;
  const docker = localDocker();
  const compiler = await runningCompiler(docker, app.name).catch(() => null);
  if (!compiler) return plan;
  const sources = await readSources(src).catch(() => null); // unreadable here: the image build reports it
  if (!sources) return plan;

  const started = Date.now();
  const reply = await compile(docker, compiler, sources).catch((error: unknown) => {
    log(` !     the app's warm javac did not answer (${describeError(error)}); compiling in the image build`);
    return null;
  });
  if (!reply) return plan;
  const diagnostics = reply.diagnostics.split('\n').filter(Boolean);
  if (!reply.ok) {
    for (const line of diagnostics) log(line);
    throw new BuildFailure('compile', `\`javac -proc:none -encoding UTF-8 -cp "${JDBC_DIR}/*" (${sources.length} files)\` exited with code 1`);
  }
  if (!(await writeClasses(path.join(src, 'classes'), reply.classes))) {
    log(" !     the app's warm javac named a class this build cannot write; compiling in the image build");
    return plan;
  }
  for (const line of diagnostics) log(line);
  log(`-----> Compiled ${sources.length} source files with the app's warm javac in ${Date.now() - started} ms`);
  return { ...plan, precompiled: true };
}

/** Every *.java of the tree (as `find . -name '*.java'` in the image build), or null when the warm path must not be taken. */
async function readSources(src: string): Promise<JavacSource[] | null> {
  if (await fs.lstat(path.join(src, 'classes')).then(() => true, () => false)) return null;
  const sources: JavacSource[] = [];
  const walk = async (dir: string, rel: string): Promise<boolean> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!(await walk(full, relPath))) return false;
      } else if (entry.name.endsWith('.java')) {
        // A link or anything but a file named *.java: javac in the image build sees it as it is.
        if (!entry.isFile() || !sendablePath(relPath)) return false;
        sources.push({ path: relPath, content: await readNoFollow(full) });
      }
    }
    return true;
  };
  return (await walk(src, '')) && sources.length > 0 ? sources : null;
}

async function readNoFollow(file: string): Promise<Buffer> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function compile(docker: Docker, compiler: string, sources: JavacSource[]) {
  const chunks: Buffer[] = [];
  let size = 0;
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
      done();
    },
  });
  const result = await execInContainer(docker, compiler, ['bash', '-c', CLIENT], { timeoutMs: COMPILE_TIMEOUT_MS, stdin: encodeJob(sources), stdout });
  // 3: nothing listens yet (the compiler is still warming up).
  if (result.exitCode !== 0) throw new Error(result.exitCode === 3 ? 'still warming up' : `exit ${result.exitCode}: ${result.stderr.trim().slice(-200)}`);
  if (size > MAX_REPLY_BYTES) throw new Error(`reply larger than ${MAX_REPLY_BYTES} bytes`);
  return decodeReply(Buffer.concat(chunks));
}

/** Writes the class files under `dir` (made here, so nothing in it can be a link); false, and nothing left, for a name that cannot be a path. */
async function writeClasses(dir: string, classes: { name: string; bytes: Buffer }[]): Promise<boolean> {
  const files = classes.map((c) => ({ file: classFilePath(c.name), bytes: c.bytes }));
  if (files.some((f) => f.file === null)) return false;
  await fs.mkdir(dir);
  try {
    for (const { file, bytes } of files) {
      const target = path.join(dir, file!);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await createFileNoFollow(target, bytes);
    }
    return true;
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
