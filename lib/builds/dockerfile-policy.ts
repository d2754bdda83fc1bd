import { BASE_IMAGE, RUNTIMES } from '../templates/runtime-images';

/**
 * What a user's Dockerfile may refer to. The engine that builds it also holds every other app's
 * images (`berth/<app>:<sha12>`) and fetches `ADD <url>` from the host's own network namespace,
 * so before a repository's Dockerfile is built:
 *   - FROM and COPY --from may name only an earlier stage, `scratch`, Berth's base and runtime
 *     images, the app's own images (`berth/<app>:*`), or image prefixes the admin allowed
 *     (BERTH_BUILD_ALLOWED_IMAGES); never an image id, a digest of a Berth image, or a registry;
 *   - FROM variables are resolved from the ARGs declared before the first FROM (Berth passes no
 *     build args); anything that cannot be resolved is refused;
 *   - ADD from a URL (or a git remote) is refused, and so are ADD sources with variables;
 *   - BuildKit-only RUN flags (--mount, --network, --security) are refused.
 * The parser follows Docker's: parser directives (escape), line continuations, comments inside
 * continuations, case-insensitive instructions, ONBUILD triggers checked like instructions.
 */
export type DockerfileProblem = { line: number; message: string };

export type DockerfilePolicy = {
  appName: string;
  /** Extra allowed image name prefixes, fully qualified (docker.io/library/). */
  allowedPrefixes?: string[];
};

type Instruction = { line: number; keyword: string; args: string };

const KNOWN = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export function checkDockerfile(text: string, policy: DockerfilePolicy): DockerfileProblem[] {
  const problems: DockerfileProblem[] = [];
  let instructions: Instruction[];
  try {
    instructions = parseDockerfile(text);
  } catch (error) {
    return [{ line: 0, message: (error as Error).message }];
  }
  const globalArgs = new Map<string, string>();
  const stages: string[] = []; // lower-case stage names ('' when unnamed), by index
  let seenFrom = false;

  const check = (ins: Instruction, inOnbuild: boolean) => {
    const refuse = (message: string) => problems.push({ line: ins.line, message });
    switch (ins.keyword) {
      case 'ARG':
        if (!seenFrom && !inOnbuild) for (const [name, value] of parseArgDecl(ins.args)) globalArgs.set(name, value ?? '');
        break;
      case 'FROM': {
        if (inOnbuild) return refuse('ONBUILD FROM is not allowed');
        seenFrom = true;
        const words = splitWords(ins.args);
        while (words[0]?.startsWith('--')) {
          const flag = words.shift()!;
          if (!/^--platform=/.test(flag)) return refuse(`FROM flag ${flag} is not allowed`);
        }
        if (words.length !== 1 && !(words.length === 3 && words[1].toLowerCase() === 'as'))
          return refuse('FROM takes an image and an optional "AS name"');
        const resolved = substitute(words[0], globalArgs);
        if (resolved === null) return refuse(`FROM ${words[0]}: variables in FROM must resolve from ARG defaults declared before it`);
        const problem = stages.includes(resolved.toLowerCase()) ? null : imageProblem(resolved, policy);
        if (problem) refuse(`FROM ${resolved}: ${problem}`);
        stages.push(words.length === 3 ? words[2].toLowerCase() : '');
        break;
      }
      case 'COPY':
      case 'ADD': {
        const { flags, rest } = takeFlags(ins.args);
        for (const flag of flags) {
          const m = /^--from=(.*)$/i.exec(flag);
          if (!m) continue;
          const from = m[1];
          if (ins.keyword === 'ADD') refuse('ADD --from is not allowed');
          else if (from.includes('$')) refuse(`COPY --from=${from}: variables are not allowed here`);
          else if (/^\d+$/.test(from)) {
            if (Number(from) >= stages.length) refuse(`COPY --from=${from}: only earlier stages can be copied from`);
          } else if (!stages.includes(from.toLowerCase())) {
            const problem = imageProblem(from, policy);
            if (problem) refuse(`COPY --from=${from}: ${problem}`);
          }
        }
        if (ins.keyword === 'ADD') {
          const parts = jsonOrWords(rest);
          for (const source of parts.slice(0, -1)) {
            if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^git@/i.test(source))
              refuse(`ADD ${source}: downloads are not allowed (the engine would fetch them from the host's network); download in a RUN step instead`);
            else if (source.includes('$')) refuse(`ADD ${source}: variables are not allowed in ADD sources; use COPY`);
          }
        }
        break;
      }
      case 'RUN': {
        const { flags } = takeFlags(ins.args);
        for (const flag of flags)
          if (/^--(mount|network|security)(=|$)/i.test(flag)) refuse(`RUN ${flag.split('=')[0]} is not allowed`);
        break;
      }
      case 'ONBUILD': {
        if (inOnbuild) return refuse('ONBUILD ONBUILD is not allowed');
        const m = /^(\S+)\s*([\s\S]*)$/.exec(ins.args.trim());
        if (!m) return refuse('ONBUILD needs an instruction');
        const keyword = m[1].toUpperCase();
        if (!KNOWN.has(keyword)) return refuse(`unknown instruction ${m[1]}`);
        check({ line: ins.line, keyword, args: m[2] }, true);
        break;
      }
      default:
        if (!KNOWN.has(ins.keyword)) refuse(`unknown instruction ${ins.keyword}`);
    }
  };

  for (const ins of instructions) {
    if (!seenFrom && ins.keyword !== 'ARG' && ins.keyword !== 'FROM') {
      problems.push({ line: ins.line, message: `${ins.keyword} before the first FROM` });
      continue;
    }
    check(ins, false);
  }
  if (!seenFrom) problems.push({ line: 0, message: 'the Dockerfile has no FROM' });
  return problems;
}

/** Why `ref` may not be used as a base or copy source, or null when it may. */
export function imageProblem(ref: string, policy: DockerfilePolicy): string | null {
  const ALLOWED = `allowed: earlier stages, scratch, ${BASE_IMAGE}, berth/runtime-{${RUNTIMES.join(',')}}, this app's own berth/${policy.appName}:<tag>`;
  if (ref.toLowerCase() === 'scratch') return null;
  if (!/^[a-z0-9][a-z0-9._\-/:@]*$/.test(ref)) return `not a valid image name (${ALLOWED})`;
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(ref)) return `image ids are not allowed (${ALLOWED})`;
  const { domain, path, tag, digest } = splitReference(ref);
  const full = `${domain}/${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  for (const prefix of policy.allowedPrefixes ?? []) if (prefix && full.startsWith(prefix)) return null;
  if (domain === 'docker.io' && !digest) {
    if (path === BASE_IMAGE.split(':')[0] && tag === BASE_IMAGE.split(':')[1]) return null;
    if (RUNTIMES.some((r) => path === `berth/runtime-${r}`) && (tag === null || tag === 'latest')) return null;
    if (path === `berth/${policy.appName}`) return null;
  }
  if (domain !== 'docker.io') return `images from the registry ${domain} are not allowed (${ALLOWED})`;
  if (path.startsWith('berth/')) return `another app's or an unknown Berth image (${ALLOWED})`;
  return `not an allowed image (${ALLOWED}; admins can allow more with BERTH_BUILD_ALLOWED_IMAGES)`;
}

/** Docker's normalisation: [domain/]path[:tag][@digest]; no domain → docker.io, one part → library/. */
function splitReference(ref: string): { domain: string; path: string; tag: string | null; digest: string | null } {
  let rest = ref;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  let domain = 'docker.io';
  let path = rest;
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      domain = first === 'index.docker.io' ? 'docker.io' : first;
      path = rest.slice(slash + 1);
    }
  }
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (domain === 'docker.io' && path.startsWith('library/') && path.split('/').length > 2) path = path.slice('library/'.length);
  return { domain, path, tag, digest };
}

/** Logical instructions with their first line number (1-based). */
export function parseDockerfile(text: string): Instruction[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let escape = '\\';
  let i = 0;
  // Parser directives: only at the very top, before any comment, blank line or instruction.
  const seen = new Set<string>();
  for (; i < lines.length; i++) {
    const m = /^\s*#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$/.exec(lines[i]);
    if (!m) break;
    const key = m[1].toLowerCase();
    if (seen.has(key)) break;
    seen.add(key);
    if (key === 'escape') {
      if (m[2] !== '\\' && m[2] !== '`') throw new Error(`invalid escape directive ${JSON.stringify(m[2])}`);
      escape = m[2];
    }
  }
  const out: Instruction[] = [];
  let current: { line: number; text: string } | null = null;
  for (; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (current === null) {
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      current = { line: i + 1, text: '' };
    } else if (trimmed === '' || trimmed.startsWith('#')) {
      continue; // comments and empty lines inside a continuation are dropped, as Docker does
    }
    const right = raw.replace(/[ \t]+$/, '');
    if (right.endsWith(escape)) {
      current.text += right.slice(0, -1);
      continue;
    }
    current.text += raw;
    out.push(toInstruction(current));
    current = null;
  }
  if (current) out.push(toInstruction(current));
  return out;
}

function toInstruction(c: { line: number; text: string }): Instruction {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(c.text);
  return { line: c.line, keyword: (m?.[1] ?? '').toUpperCase(), args: (m?.[2] ?? '').trim() };
}

function splitWords(s: string): string[] {
  return s.trim().split(/\s+/).filter(Boolean);
}

function takeFlags(args: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let rest = args.trim();
  for (;;) {
    const m = /^(--\S+)\s*/.exec(rest);
    if (!m) break;
    flags.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

function jsonOrWords(rest: string): string[] {
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed as string[];
    } catch {
      /* not JSON: shell form, as Docker falls back to */
    }
  }
  return splitWords(rest);
}

/** `ARG a=1 b` → [[a, '1'], [b, null]] (quotes removed). */
function parseArgDecl(args: string): [string, string | null][] {
  return splitWords(args).map((word) => {
    const eq = word.indexOf('=');
    if (eq < 0) return [word, null];
    return [word.slice(0, eq), word.slice(eq + 1).replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1')];
  });
}

/** $X, ${X}, ${X:-word}, ${X:+word} from `vars`; null for anything else (or unset → ''). */
function substitute(word: string, vars: Map<string, string>): string | null {
  let failed = false;
  const out = word.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))|\$/g, (all, braced, op, alt, bare) => {
    const name = braced ?? bare;
    if (!name) {
      failed = true;
      return all;
    }
    if (!vars.has(name)) {
      failed = true; // unknown: a build arg we do not pass, or a BuildKit automatic one
      return all;
    }
    const value = vars.get(name)!;
    if (op === ':-') return value === '' ? alt : value;
    if (op === ':+') return value === '' ? '' : alt;
    return value;
  });
  if (failed || out.includes('$') || out === '') return null;
  return out;
}
