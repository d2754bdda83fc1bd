import { describe, expect, it } from 'vitest';
import { startupCpuLimit } from './cpu-boost';

describe('startupCpuLimit', () => {
  it('starts a capped tier with the host’s every core while the boost is on', () => {
    expect(startupCpuLimit(500, 2000, 10)).toBe(2000);
    expect(startupCpuLimit(1000, 8000, 10)).toBe(8000);
  });
  it('keeps the tier’s limit when the boost is off, the host is no bigger, or its size is unknown', () => {
    expect(startupCpuLimit(500, 2000, 0)).toBe(500);
    expect(startupCpuLimit(2000, 2000, 10)).toBe(2000);
    expect(startupCpuLimit(500, 0, 10)).toBe(500);
  });
  it('leaves an unlimited tier unlimited', () => {
    expect(startupCpuLimit(null, 2000, 10)).toBeNull();
  });
});
