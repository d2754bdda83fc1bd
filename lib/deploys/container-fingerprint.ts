import { createHash } from 'node:crypto';
import type Docker from 'dockerode';

/**
 * A container is reused (started again instead of created) only while it is exactly the container
 * the instance would get now: same image, env, limits, port, network, volumes, command. The spec
 * is hashed into a label at create time and compared before reuse, so any drift — a tier change
 * while the app slept, a volume added, a generator change in a Berth upgrade — recreates it
 * instead of silently starting something stale. (Pure; unit-tested.)
 */
export const SPEC_LABEL = 'berth.spec';

export function specFingerprint(spec: Docker.ContainerCreateOptions): string {
  const { Labels, ...rest } = spec;
  const labels = Object.fromEntries(Object.entries(Labels ?? {}).filter(([k]) => k !== SPEC_LABEL).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(stableJson({ ...rest, Labels: labels })).digest('hex').slice(0, 32);
}

/** The spec with its fingerprint label. */
export function withFingerprint(spec: Docker.ContainerCreateOptions): Docker.ContainerCreateOptions {
  return { ...spec, Labels: { ...spec.Labels, [SPEC_LABEL]: specFingerprint(spec) } };
}

/** True when the existing container was created from this very spec. */
export function matchesSpec(labels: Record<string, string> | undefined, spec: Docker.ContainerCreateOptions): boolean {
  return labels?.[SPEC_LABEL] === specFingerprint(spec);
}

/** JSON with object keys sorted (arrays keep their order: Env and Mounts order is meaningful). */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
