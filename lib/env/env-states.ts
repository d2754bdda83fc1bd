// Pure: whether each stored env var is what the live release runs with. Stored vars change at
// once; a release carries them to the containers, and that release may still be deploying or
// may have failed — then the variable is not applied, and the Env page must say so.

/** live: the running release has it · pending: a release with it is deploying · failed: the release with it failed · not-deployed: no release carries it. */
export type EnvState = 'live' | 'pending' | 'failed' | 'not-deployed';

/** A release newer than the live one, with its env snapshot. */
export type NewerRelease = { version: number; status: string; env: Record<string, string> };

export type EnvKeyState = { key: string; state: EnvState; removed: boolean };

/**
 * One entry per key that is stored or live. A stored key equal to the live value is `live`; a
 * difference (new, changed, or removed — `removed` is a key the live release has and the store
 * no longer does) is judged by the newest release after the live one when it carries the stored
 * value, else `not-deployed`.
 */
export function envStates(stored: Record<string, string>, live: Record<string, string> | null, newer: NewerRelease | null): EnvKeyState[] {
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(live ?? {})])].sort();
  return keys.map((key) => {
    const removed = !(key in stored);
    if (live && sameValue(stored, live, key)) return { key, state: 'live', removed };
    if (newer && sameValue(stored, newer.env, key)) return { key, state: newerState(newer.status), removed };
    return { key, state: 'not-deployed', removed };
  });
}

const sameValue = (a: Record<string, string>, b: Record<string, string>, key: string) => (key in a ? key in b && a[key] === b[key] : !(key in b));

function newerState(status: string): EnvState {
  if (status === 'FAILED') return 'failed';
  if (status === 'PENDING' || status === 'DEPLOYING') return 'pending';
  return 'not-deployed';
}
