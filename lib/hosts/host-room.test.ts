import { describe, expect, it } from 'vitest';
import { hostRoom } from './host-room';

const host = (free: { cpu: number; memoryMb: number }, requestable = { cpu: 2000, memoryMb: 2048 }) => ({
  status: 'READY' as const,
  free,
  requestable,
  requested: { cpu: requestable.cpu - free.cpu, memoryMb: requestable.memoryMb - free.memoryMb },
});

describe('hostRoom', () => {
  it('room for more: ok', () => {
    expect(hostRoom(host({ cpu: 1500, memoryMb: 1500 }))).toEqual({ state: 'ok', why: null });
  });

  it('full when not even a small instance fits, and says which resource', () => {
    expect(hostRoom(host({ cpu: 1500, memoryMb: 40 }))).toEqual({
      state: 'full',
      why: '40 MB memory free to request, a small instance needs 64 MB',
    });
    expect(hostRoom(host({ cpu: -100, memoryMb: -5 })).why).toBe(
      '0 MB memory free to request, a small instance needs 64 MB; 0.00 cores free to request, a small instance needs 0.05',
    );
  });

  it('tight above 90 % requested', () => {
    expect(hostRoom(host({ cpu: 1500, memoryMb: 150 }))).toEqual({ state: 'tight', why: '93 % of memory is requested' });
  });
});
