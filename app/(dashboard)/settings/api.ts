/** Small fetch helper for the settings panels: JSON in, JSON out, API error message thrown. */
export async function callApi<T>(url: string, init: { method: string; body?: unknown }): Promise<T> {
  const response = await fetch(url, {
    method: init.method,
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const fields = body?.error?.fields as Record<string, string> | undefined;
    const detail = fields ? ` (${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
    throw new Error((body?.error?.message ?? `Request failed (${response.status})`) + detail);
  }
  return body as T;
}

export function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}
