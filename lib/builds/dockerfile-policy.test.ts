import { describe, expect, it } from 'vitest';
import { checkDockerfile, imageProblem, parseDockerfile } from './dockerfile-policy';

const policy = { appName: 'shop' };
const check = (text: string, allowedPrefixes?: string[]) => checkDockerfile(text, { ...policy, allowedPrefixes });
const ok = (text: string) => expect(check(text)).toEqual([]);
const refused = (text: string, pattern: RegExp) => {
  const problems = check(text);
  expect(problems.length, JSON.stringify(problems)).toBeGreaterThan(0);
  expect(problems.map((p) => p.message).join('\n')).toMatch(pattern);
};

describe('Dockerfile policy', () => {
  it("allows Berth's base and runtime images, scratch, earlier stages and the app's own images", () => {
    ok('FROM berth/base:bookworm\nRUN echo hi\n');
    ok('FROM berth/runtime-php\nCOPY . /app\n');
    ok('FROM berth/runtime-node:latest AS build\nRUN npm ci\nFROM berth/runtime-node\nCOPY --from=build /app /app\n');
    ok('FROM docker.io/berth/runtime-python\n');
    ok('FROM berth/shop:0123456789ab\n');
    ok('FROM scratch\nCOPY x /x\n');
    ok('FROM berth/base:bookworm AS one\nFROM one\nCOPY --from=0 /a /b\n');
    ok('# escape=`\nFROM berth/base:bookworm\nRUN echo `\n  hi\n');
    ok('ARG BASE=berth/runtime-php\nFROM ${BASE}\n');
    ok('ARG V\nFROM berth/runtime-${V:-php}\n');
    ok('from --platform=linux/amd64 berth/base:bookworm as x\nadd local.tar.gz /opt/\n');
  });

  it("refuses another app's images, however the reference is spelled", () => {
    refused('FROM berth/other:0123456789ab\n', /FROM berth\/other:0123456789ab: another app's or an unknown Berth image/);
    refused('FROM docker.io/berth/other:0123456789ab\n', /another app's/);
    refused('FROM index.docker.io/berth/other\n', /another app's/);
    refused('FROM 127.0.0.1:5000/berth/other:0123456789ab\n', /images from the registry 127.0.0.1:5000 are not allowed/);
    refused('FROM localhost:5000/berth/other\n', /registry localhost:5000/);
    refused('FROM berth/base:other-tag\n', /another app's/);
    refused('FROM berth/runtime-php:0123456789ab\n', /another app's/);
    refused('FROM berth/runtime-php@sha256:' + 'a'.repeat(64) + '\n', /another app's/);
    refused('FROM 0123456789ab\n', /image ids are not allowed/);
    refused('FROM sha256:' + 'b'.repeat(64) + '\n', /image ids are not allowed/);
    refused('FROM berth/base:bookworm\nCOPY --from=berth/other:0123456789ab /app /stolen\n', /COPY --from=berth\/other/);
    refused('FROM berth/base:bookworm\nCOPY --chown=1 --from=berth/other /app /x\n', /COPY --from=berth\/other/);
    refused('FROM berth/base:bookworm\nCOPY --from=1 /app /x\n', /only earlier stages/);
    refused('FROM berth/base:bookworm\nCOPY --from=$X /app /x\n', /variables are not allowed/);
    refused('FROM "berth/other"\n', /not a valid image name/);
    refused('FROM node:20\n', /not an allowed image/);
  });

  it('sees through line continuations, comments inside them, case and ONBUILD', () => {
    refused('FROM \\\n  berth/other:abc\n', /berth\/other/);
    refused('FROM berth/base:bookworm\nCOPY \\\n# a comment\n\n  --from=berth/other /a /b\n', /berth\/other/);
    refused('fRoM berth/other\n', /berth\/other/);
    refused('FROM berth/base:bookworm\nONBUILD COPY --from=berth/other /a /b\n', /berth\/other/);
    refused('FROM berth/base:bookworm\nonbuild add http://127.0.0.1:5000/v2/ /x\n', /downloads are not allowed/);
    refused('# escape=`\nFROM `\n berth/other\n', /berth\/other/);
  });

  it('resolves FROM variables only from ARG defaults, refusing the rest', () => {
    refused('ARG BASE=berth/other\nFROM $BASE\n', /FROM berth\/other/);
    refused('FROM ${BASE}\n', /must resolve/);
    refused('ARG BASE\nFROM $BASE\n', /must resolve/);
    refused('ARG A=berth\nARG B=${A}/other\nFROM $B\n', /must resolve/);
    refused('FROM ${TARGETPLATFORM}/x\n', /must resolve/);
    refused('FROM berth/base:bookworm\nARG LATE=berth/runtime-php\nFROM $LATE\n', /must resolve/);
  });

  it('refuses ADD downloads and BuildKit-only RUN flags', () => {
    refused('FROM berth/base:bookworm\nADD http://127.0.0.1:5000/secret /x\n', /ADD http:\/\/127\.0\.0\.1:5000\/secret: downloads are not allowed/);
    refused('FROM berth/base:bookworm\nADD ["https://169.254.169.254/latest/meta-data/", "/x"]\n', /downloads are not allowed/);
    refused('FROM berth/base:bookworm\nADD --chown=1 HTTP://example.com/a /x\n', /downloads are not allowed/);
    refused('FROM berth/base:bookworm\nADD git@github.com:a/b.git /x\n', /downloads are not allowed/);
    refused('FROM berth/base:bookworm\nENV U=http://127.0.0.1/\nADD $U /x\n', /variables are not allowed in ADD/);
    refused('FROM berth/base:bookworm\nRUN --network=host curl x\n', /RUN --network is not allowed/);
    refused('FROM berth/base:bookworm\nRUN --mount=type=bind,from=berth/other,target=/o ls\n', /RUN --mount is not allowed/);
  });

  it('refuses what Docker would not parse the same way', () => {
    refused('RUN echo\n', /before the first FROM/);
    refused('# just a comment\n', /has no FROM/);
    refused('FROM berth/base:bookworm\nFETCH http://x\n', /unknown instruction FETCH/);
    refused('FROM --network=host berth/base:bookworm\n', /FROM flag --network=host/);
  });

  it('parses continuations the way Docker does', () => {
    const ins = parseDockerfile('FROM a\nRUN one \\\n  # c\n\n  two\nCMD x\n');
    expect(ins.map((i) => [i.line, i.keyword])).toEqual([
      [1, 'FROM'],
      [2, 'RUN'],
      [6, 'CMD'],
    ]);
    expect(ins[1].args).toMatch(/^one\s+two$/);
  });

  it('lets the admin allow more images by prefix', () => {
    expect(imageProblem('node:20', { appName: 'shop', allowedPrefixes: ['docker.io/library/'] })).toBeNull();
    expect(imageProblem('berth/other:1', { appName: 'shop', allowedPrefixes: ['docker.io/library/'] })).not.toBeNull();
  });
});
