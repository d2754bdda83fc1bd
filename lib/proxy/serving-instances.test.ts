import { describe, expect, it } from 'vitest';
import { servingInstances, type RoutableInstance } from './serving-instances';

const at = new Date('2026-12-08T14:00:00Z');
const inst = (
  name: string,
  status: RoutableInstance['status'],
  host: Partial<RoutableInstance['host']> = {},
  releaseId = 'r2',
): RoutableInstance & { name: string } => ({
  name,
  releaseId,
  status,
  host: { status: 'READY', suspectSince: null, ...host },
});
const names = (list: { name: string }[]) => list.map((i) => i.name);

describe('servingInstances', () => {
  it('routes the running instances of the current release only', () => {
    const rows = [inst('a', 'RUNNING'), inst('b', 'RUNNING'), inst('old', 'RUNNING', {}, 'r1'), inst('c', 'CRASHED')];
    expect(names(servingInstances(rows, 'r2'))).toEqual(['a', 'b']);
  });

  it('never routes an UNREACHABLE host', () => {
    expect(names(servingInstances([inst('a', 'RUNNING', { status: 'UNREACHABLE' }), inst('b', 'CRASHED')], 'r2'))).toEqual(['b']);
  });

  it('leaves a suspect host out while a trusted host runs an instance of the app', () => {
    const rows = [inst('a', 'RUNNING', { suspectSince: at }), inst('b', 'RUNNING')];
    expect(names(servingInstances(rows, 'r2'))).toEqual(['b']);
  });

  it("keeps a suspect host's instances when nothing else runs (the only instance, or the others crashed)", () => {
    expect(names(servingInstances([inst('a', 'RUNNING', { suspectSince: at })], 'r2'))).toEqual(['a']);
    const rows = [inst('a', 'RUNNING', { suspectSince: at }), inst('b', 'CRASHED')];
    expect(names(servingInstances(rows, 'r2'))).toEqual(['a']);
  });

  it('keeps crashed instances as upstreams while none runs', () => {
    const rows = [inst('a', 'CRASHED', { suspectSince: at }), inst('b', 'CRASHED')];
    expect(names(servingInstances(rows, 'r2'))).toEqual(['a', 'b']);
  });
});
