import { z } from 'zod';

/** Input shapes for host routes; lib functions take the parsed types. */
export const ZHostName = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and dashes, at most 63');

export const ZLabels = z.record(
  z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9._/-]{0,62})$/, 'label names: letters, digits, . _ / -'),
  z.string().max(63),
);

export const ZSshFingerprint = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'an SSH host key fingerprint as `ssh-keygen -lf` prints it: SHA256:<43 characters>');

export const ZPortRange = z.string().regex(/^\d{4,5}-\d{4,5}$/, 'a range such as 20000-20999');

/** Requests may add up to allocatable × this; null = the installation default (BERTH_HOST_*_OVERCOMMIT). */
export const ZOvercommit = z.number().min(1, 'at least 1 (no overcommit)').max(100, 'at most 100').nullable();

export const ZAddHost = z.object({
  name: ZHostName,
  dockerUrl: z.string().regex(/^(unix|tcp|ssh):\/\/\S+$/, 'unix://, tcp:// or ssh:// URL'),
  /** tcp:// with TLS: the client certificate, its key and the CA. */
  tls: z.object({ ca: z.string().min(1), cert: z.string().min(1), key: z.string().min(1) }).optional(),
  /** ssh://: a private key (OpenSSH/PEM); without one the SSH agent (SSH_AUTH_SOCK) is used. */
  sshKey: z.string().min(1).max(20_000).optional(),
  /** ssh://: the server's host key fingerprint; without it the key seen on this first connection is pinned. */
  sshHostKey: ZSshFingerprint.optional(),
  /** tcp:// without TLS is refused (anyone on the path gets root on that host) unless forced. */
  force: z.boolean().optional(),
  /** Where published ports are reached from the proxy; defaults to the URL's hostname or 127.0.0.1. */
  address: z.string().min(1).max(253).optional(),
  labels: ZLabels.optional(),
  portRange: ZPortRange.optional(),
  reserveCpu: z.number().int().min(0).optional(),
  reserveMemoryMb: z.number().int().min(0).optional(),
  cpuOvercommit: ZOvercommit.optional(),
  memoryOvercommit: ZOvercommit.optional(),
});
export type AddHost = z.infer<typeof ZAddHost>;

export const ZUpdateHost = z.object({
  labels: ZLabels.optional(),
  /** drain: no new instances; undrain: back to READY (the heartbeat corrects it if unreachable). */
  action: z.enum(['drain', 'undrain']).optional(),
  reserveCpu: z.number().int().min(0).optional(),
  reserveMemoryMb: z.number().int().min(0).optional(),
  cpuOvercommit: ZOvercommit.optional(),
  memoryOvercommit: ZOvercommit.optional(),
  address: z.string().min(1).max(253).optional(),
  portRange: ZPortRange.optional(),
  /** ssh://: pin a new host key fingerprint (after the server's key was legitimately replaced). */
  sshHostKey: ZSshFingerprint.optional(),
});
export type UpdateHost = z.infer<typeof ZUpdateHost>;

/** Hosts are installation-wide infrastructure: only admins change them. */
export const ADMINS_ONLY = 'Only admins can manage hosts';
