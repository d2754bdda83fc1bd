import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, describeApiError } from './api-client';

const answer = (status: number, body?: unknown) =>
  vi.fn(async () => new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), { status }));

afterEach(() => vi.unstubAllGlobals());

describe('apiFetch', () => {
  it('sends JSON and returns the JSON answer', async () => {
    const fetch = answer(201, { name: 'shop' });
    vi.stubGlobal('fetch', fetch);
    expect(await apiFetch('/api/apps', { method: 'POST', body: { name: 'shop' } })).toEqual({ name: 'shop' });
    expect(fetch).toHaveBeenCalledWith('/api/apps', expect.objectContaining({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"shop"}',
    }));
  });

  it('sends no body or content type for a plain GET, and returns undefined for 204', async () => {
    const fetch = answer(204);
    vi.stubGlobal('fetch', fetch);
    expect(await apiFetch('/api/tokens/x', { method: 'DELETE' })).toBeUndefined();
    vi.stubGlobal('fetch', answer(200, { ok: true }));
    expect(await apiFetch('/api/me')).toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledWith('/api/tokens/x', expect.objectContaining({ headers: undefined, body: undefined }));
  });

  it('decodes { error: { code, message, fields } } into an ApiError', async () => {
    vi.stubGlobal('fetch', answer(400, { error: { code: 'BAD_REQUEST', message: 'Invalid input', fields: { name: 'is required', tier: 'small, medium or large' } } }));
    const error = await apiFetch('/api/apps', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: 'Invalid input', fields: { name: 'is required' } });
    expect(describeApiError(error)).toBe('Invalid input (name: is required; tier: small, medium or large)');
  });

  it('still gives a typed error for bodies that are not Berth errors, and for no network', async () => {
    vi.stubGlobal('fetch', answer(502, '<html>Bad gateway</html>'));
    await expect(apiFetch('/api/apps')).rejects.toMatchObject({ status: 502, code: 'INTERNAL', message: 'Request failed (502)', fields: {} });
    vi.stubGlobal('fetch', answer(404, { error: { code: 'NOT_FOUND', message: 'App "x" not found' } }));
    await expect(apiFetch('/api/apps/x')).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'App "x" not found' });
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    await expect(apiFetch('/api/apps')).rejects.toMatchObject({ status: 0, code: 'NETWORK', message: 'Berth could not be reached' });
  });
});

describe('client components', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return sources(full);
      return /\.tsx?$/.test(entry) && !entry.endsWith('.test.ts') ? [path.relative(root, full)] : [];
    });

  it('call the API only through apiFetch (no fetch of their own)', () => {
    const offenders = [...sources(path.join(root, 'components')), ...sources(path.join(root, 'app'))].filter((file) =>
      /(^|[^.\w])fetch\(/m.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(offenders, 'use apiFetch from lib/http/api-client').toEqual([]);
  });
});
