import { describe, expect, it } from 'vitest';
import { pathsOverlap, volumePathProblem } from './volume-path';

describe('volumePathProblem', () => {
  it('accepts directories of the app', () => {
    for (const ok of ['/app/storage', '/data', '/srv/uploads', '/var/lib/myapp', '/home/app/data', '/app/public/uploads', '/app/.cache'])
      expect(volumePathProblem(ok), ok).toBeNull();
  });
  it('refuses relative, root and non-normalised paths', () => {
    expect(volumePathProblem('')).toMatch(/empty/);
    expect(volumePathProblem('app/storage')).toMatch(/absolute/);
    expect(volumePathProblem('/')).toMatch(/whole file system/);
    expect(volumePathProblem('/app/../etc')).toMatch(/\.\./);
    expect(volumePathProblem('/app/./storage')).toMatch(/normalised/);
    expect(volumePathProblem('/app//storage')).toMatch(/normalised \(\/app\/storage\)/);
    expect(volumePathProblem('/app/storage/')).toMatch(/normalised \(\/app\/storage\)/);
    expect(volumePathProblem('/app/sto rage')).toMatch(/only letters/);
    expect(volumePathProblem('/app/x:ro')).toMatch(/only letters/);
    expect(volumePathProblem(`/${'a'.repeat(250)}`)).toMatch(/longer/);
  });
  it('refuses system directories and anything that would hide one or the code', () => {
    expect(volumePathProblem('/etc')).toMatch(/system directory \(\/etc\)/);
    expect(volumePathProblem('/usr/local/lib')).toMatch(/system directory \(\/usr\)/);
    expect(volumePathProblem('/proc/self')).toMatch(/system/);
    expect(volumePathProblem('/opt/venv/lib')).toMatch(/system/);
    expect(volumePathProblem('/app')).toMatch(/hide \/app.*\/app\/storage/);
    expect(volumePathProblem('/var')).toMatch(/hide \/var\/run/);
    expect(volumePathProblem('/opt')).toMatch(/hide \/opt\/venv/);
    expect(volumePathProblem('/home')).toMatch(/hide \/home\/app/);
  });
});

describe('pathsOverlap', () => {
  it('is true for equal and nested paths only', () => {
    expect(pathsOverlap('/data', '/data')).toBe(true);
    expect(pathsOverlap('/data', '/data/x')).toBe(true);
    expect(pathsOverlap('/data/x', '/data')).toBe(true);
    expect(pathsOverlap('/data', '/database')).toBe(false);
  });
});
