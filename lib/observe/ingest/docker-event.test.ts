import { describe, expect, it } from 'vitest';
import { LABEL } from '../../docker/labels';
import { EventLineParser, isInstanceDeath, isInstanceStart, reconcileAfter, type DockerEvent } from './docker-event';

const event = (Action: string, Attributes: Record<string, string>): DockerEvent => ({
  Type: 'container',
  Action,
  Actor: { ID: 'c0ffee', Attributes },
  time: 1,
  timeNano: 1,
});

describe('docker events', () => {
  it('parses lines split across chunks', () => {
    const parser = new EventLineParser();
    const line = JSON.stringify(event('die', { exitCode: '3' }));
    expect(parser.push(line.slice(0, 10))).toEqual([]);
    expect(parser.push(`${line.slice(10)}\nnot json\n`)).toEqual([event('die', { exitCode: '3' })]);
  });

  it("an instance's die or oom asks for a reconcile pass; other events and containers do not", () => {
    const instance = { [LABEL.instance]: 'i1' };
    expect(isInstanceDeath(event('die', instance))).toBe(true);
    expect(isInstanceDeath(event('oom', instance))).toBe(true);
    expect(isInstanceDeath(event('start', instance))).toBe(false);
    expect(isInstanceDeath(event('kill', instance))).toBe(false);
    expect(isInstanceDeath(event('die', { [LABEL.app]: 'shop' }))).toBe(false);
  });

  it("an instance's start (e.g. Docker's policy restarting it) is told apart from other containers'", () => {
    expect(isInstanceStart(event('start', { [LABEL.instance]: 'i1' }))).toBe(true);
    expect(isInstanceStart(event('die', { [LABEL.instance]: 'i1' }))).toBe(false);
    expect(isInstanceStart(event('start', { [LABEL.app]: 'shop' }))).toBe(false);
  });

  it('asks for a reconcile pass only for a crash or a crashed instance brought back, not for Berth\'s own starts and stops', () => {
    const instance = { [LABEL.instance]: 'i1' };
    expect(reconcileAfter(event('die', instance), 'RUNNING')).toBe(true); // restart policy: the pass records the crash
    expect(reconcileAfter(event('die', instance), 'CRASHED')).toBe(true);
    expect(reconcileAfter(event('oom', instance), 'RUNNING')).toBe(true);
    expect(reconcileAfter(event('die', instance), 'STOPPING')).toBe(false); // a stop or sleep
    expect(reconcileAfter(event('die', instance), 'STARTING')).toBe(false); // the deploy watches it
    expect(reconcileAfter(event('die', instance), null)).toBe(false);
    expect(reconcileAfter(event('start', instance), 'CRASHED')).toBe(true);
    expect(reconcileAfter(event('start', instance), 'STARTING')).toBe(false); // a deploy or wake
    expect(reconcileAfter(event('kill', instance), 'RUNNING')).toBe(false);
  });
});
