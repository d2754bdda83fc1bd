import { describe, expect, it } from 'vitest';
import { effectiveFormation, parseStoredFormation, runnableTypes, withAppJsonFormation } from './formation';
import { parseAppJsonFormation } from '../templates/app-json';

describe('formation', () => {
  it('web and every Procfile type but release are runnable; web 1, others 0 by default', () => {
    expect(runnableTypes({ release: 'r', worker: 'w', clock: 'c' })).toEqual(['web', 'clock', 'worker']);
    expect(effectiveFormation({ tier: 'SMALL', formation: [] }, { web: 'x', worker: 'w' })).toEqual([
      { processType: 'web', quantity: 1, tier: 'SMALL' },
      { processType: 'worker', quantity: 0, tier: 'SMALL' },
    ]);
  });

  it('app.json formation applies to types no user scaled, and is dropped when no longer declared', () => {
    const user = { processType: 'web', quantity: 3, tier: null, fromAppJson: false };
    const old = { processType: 'clock', quantity: 1, tier: null, fromAppJson: true };
    const next = withAppJsonFormation([user, old], { web: { quantity: 1 }, worker: { quantity: 2, tier: 'MEDIUM' } });
    expect(next).toEqual([user, { processType: 'worker', quantity: 2, tier: 'MEDIUM', fromAppJson: true }]);
    // Size only: the quantity stays the default.
    expect(withAppJsonFormation([], { worker: { tier: 'LARGE' } })).toEqual([{ processType: 'worker', quantity: 0, tier: 'LARGE', fromAppJson: true }]);
  });

  it('reads app.json formation like Heroku and Dokku write it, with Heroku sizes mapped to tiers', () => {
    const { formation, warnings } = parseAppJsonFormation(
      JSON.stringify({
        formation: {
          web: { quantity: 2, size: 'standard-2x' },
          worker: { quantity: 1, size: 'Large', max_parallel: 1 },
          clock: { quantity: 99 },
          custom: { size: 'galactic' },
        },
      }),
    );
    expect(formation).toEqual({ web: { quantity: 2, tier: 'MEDIUM' }, worker: { quantity: 1, tier: 'LARGE' } });
    expect(warnings).toEqual([
      'app.json formation clock: quantity must be 0 to 20; ignored',
      'app.json formation custom: size "galactic" is not small, medium or large; ignored',
    ]);
    expect(parseAppJsonFormation('{"name":"x"}')).toEqual({ formation: {}, warnings: [] });
    expect(parseAppJsonFormation('{nope').formation).toEqual({});
    expect(parseStoredFormation({ web: { quantity: 2, tier: 'MEDIUM' }, bad: { quantity: -1 }, x: 3 })).toEqual({ web: { quantity: 2, tier: 'MEDIUM' } });
  });
});
