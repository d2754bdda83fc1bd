import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { pageWithErrors, signInPath, throwPageError } from './page';

// next.config.ts turns on experimental.authInterrupts, which sets this for the app; forbidden() needs it.
const FLAG = '__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS';
const before = process.env[FLAG];
beforeAll(() => void (process.env[FLAG] = 'true'));
afterAll(() => void (before === undefined ? delete process.env[FLAG] : (process.env[FLAG] = before)));

const digestOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { digest?: string }).digest ?? error;
  }
  throw new Error('did not throw');
};

describe('page errors', () => {
  it('shows the 404 page for NOT_FOUND and the 403 page for FORBIDDEN', () => {
    expect(digestOf(() => throwPageError(new AppError('NOT_FOUND', 'App "x" not found')))).toBe('NEXT_HTTP_ERROR_FALLBACK;404');
    expect(digestOf(() => throwPageError(new AppError('FORBIDDEN', 'Only admins can do that')))).toBe('NEXT_HTTP_ERROR_FALLBACK;403');
  });

  it('sends UNAUTHENTICATED to sign-in and rethrows anything else unchanged', () => {
    expect(digestOf(() => throwPageError(new AppError('UNAUTHENTICATED', 'Sign in required')))).toMatch(/^NEXT_REDIRECT;replace;\/sign-in;/);
    const conflict = new AppError('CONFLICT', 'busy');
    expect(digestOf(() => throwPageError(conflict))).toBe(conflict);
    const plain = new Error('boom');
    expect(digestOf(() => throwPageError(plain))).toBe(plain);
  });

  it('maps what a wrapped page awaits, and passes its result through', async () => {
    const Missing = pageWithErrors(async () => {
      throw new AppError('NOT_FOUND', 'gone');
    });
    await expect(Missing({})).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });
    const Fine = pageWithErrors(async ({ n }: { n: number }) => `page ${n}`);
    expect(await Fine({ n: 2 })).toBe('page 2');
  });

  it('comes back to the page after sign-in', () => {
    expect(signInPath()).toBe('/sign-in');
    expect(signInPath('/apps/shop')).toBe('/sign-in?next=%2Fapps%2Fshop');
  });
});

describe('signed-in pages', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const pages = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return pages(full);
      return entry === 'page.tsx' ? [path.relative(root, full)] : [];
    });

  it('are all wrapped in pageWithErrors and never read the session themselves', () => {
    const offenders = pages(path.join(root, 'app/(dashboard)')).filter((file) => {
      const source = readFileSync(path.join(root, file), 'utf8');
      return !/^export default pageWithErrors\(/m.test(source) || /\bgetActor\(/.test(source);
    });
    expect(offenders, 'wrap the default export in pageWithErrors; get the actor with pageActor or loadApp').toEqual([]);
  });
});
