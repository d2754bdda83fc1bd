import { describe, expect, it } from 'vitest';
import { engineErrorText, isEngineError } from './engine-error-text';
import { DeployFailure, deployFailureOf } from './deploy-failure';

const portTaken =
  '(HTTP code 500) server error - driver failed programming external connectivity on endpoint berth-x-shop-v3-web-1 (abc): Bind for 127.0.0.1:20001 failed: port is already allocated';

describe('engineErrorText', () => {
  it('a known engine error becomes one sentence, the raw text the detail', () => {
    expect(engineErrorText(portTaken)).toEqual({
      reason: 'Docker could not start the instance: the host port picked for this instance is already in use by another program',
      detail: portTaken,
    });
  });

  it("an image the engine does not have (its 404 to an inspect or a create) is the app's image missing", () => {
    const raw = '(HTTP code 404) no such image - No such image: berth/shop:0123456789ab ';
    expect(engineErrorText(raw)).toEqual({ reason: "Docker could not start the instance: the app's image is missing on the host", detail: raw });
  });

  it('an unknown one keeps the engine\'s first clause without the HTTP prefix', () => {
    const raw = '(HTTP code 400) unexpected - invalid mount config for type "bind": bind source path does not exist: /nope';
    expect(engineErrorText(raw).reason).toBe('Docker refused to start the instance: invalid mount config for type "bind"');
  });
});

describe('deployFailureOf', () => {
  it('engine errors (dockerode sets statusCode) get the sentence', () => {
    const error = Object.assign(new Error(portTaken), { statusCode: 500 });
    expect(isEngineError(error)).toBe(true);
    expect(deployFailureOf(error, 'start')).toMatchObject({ step: 'start', detail: portTaken });
  });

  it('a DeployFailure keeps its own step and words', () => {
    const failure = new DeployFailure('health check', { reason: 'r', detail: 'd' });
    expect(deployFailureOf(failure, 'start')).toEqual({ step: 'health check', reason: 'r', detail: 'd' });
  });

  it('anything else: the first line is the reason, the rest the detail', () => {
    expect(deployFailureOf(new Error('release command exited 1\nTraceback…'), 'release phase')).toEqual({
      step: 'release phase',
      reason: 'release command exited 1',
      detail: 'release command exited 1\nTraceback…',
    });
    expect(deployFailureOf(new Error('short'), 'predeploy')).toEqual({ step: 'predeploy', reason: 'short', detail: null });
  });
});
