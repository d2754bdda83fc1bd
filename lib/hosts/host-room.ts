import { TIERS } from '../model/tiers';
import type { HostDto } from './host-dto';

/**
 * Whether a host can take another instance, in the scheduler's terms (requests against
 * allocatable × overcommit): `full` when not even the smallest tier's request fits, `tight` when
 * more than 90 % of either resource is requested. `why` says which resource, in words.
 */
export type HostRoom = { state: 'ok' | 'tight' | 'full'; why: string | null };

const TIGHT = 0.9;

export function hostRoom(host: Pick<HostDto, 'status' | 'free' | 'requestable' | 'requested'>): HostRoom {
  const smallest = TIERS.SMALL;
  const short: string[] = [];
  if (host.free.memoryMb < smallest.memoryRequestMb)
    short.push(`${Math.max(0, host.free.memoryMb)} MB memory free to request, a small instance needs ${smallest.memoryRequestMb} MB`);
  if (host.free.cpu < smallest.cpuRequest)
    short.push(`${(Math.max(0, host.free.cpu) / 1000).toFixed(2)} cores free to request, a small instance needs ${(smallest.cpuRequest / 1000).toFixed(2)}`);
  if (short.length) return { state: 'full', why: short.join('; ') };
  const share = (used: number, of: number) => (of > 0 ? used / of : 1);
  const memory = share(host.requested.memoryMb, host.requestable.memoryMb);
  const cpu = share(host.requested.cpu, host.requestable.cpu);
  if (memory > TIGHT || cpu > TIGHT) {
    const which = memory >= cpu ? `${Math.round(memory * 100)} % of memory` : `${Math.round(cpu * 100)} % of CPU`;
    return { state: 'tight', why: `${which} is requested` };
  }
  return { state: 'ok', why: null };
}
