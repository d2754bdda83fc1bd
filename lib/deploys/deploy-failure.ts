import { describeError } from '../errors';
import type { DeployStep, FailureText } from '../model/deploy-failure';
import { engineErrorText, isEngineError } from './engine-error-text';

/**
 * A deploy failure that already knows its step and its words (a health check that quotes the
 * app's log, an engine error put in a sentence). Thrown by the steps, stored by deployRelease.
 */
export class DeployFailure extends Error {
  constructor(
    readonly step: DeployStep,
    readonly text: FailureText,
  ) {
    super(text.reason);
    this.name = 'DeployFailure';
  }
}

/**
 * Any error of a deploy step as step + short reason + detail: a DeployFailure as it is, a raw
 * Docker engine error as one sentence (its text kept as the detail), anything else by its first
 * line (the rest as the detail).
 */
export function deployFailureOf(error: unknown, step: DeployStep): { step: DeployStep } & FailureText {
  if (error instanceof DeployFailure) return { step: error.step, ...error.text };
  if (isEngineError(error)) return { step, ...engineErrorText(describeError(error)) };
  const message = describeError(error);
  const firstLine = message.split('\n')[0];
  return { step, reason: firstLine.slice(0, 500), detail: message === firstLine && message.length <= 500 ? null : message };
}
