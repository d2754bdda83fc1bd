import type { InstanceStatus } from '../db';

/**
 * The instance status sets the code asks about, named once (InstanceStatus is
 * STARTING → RUNNING → STOPPING → STOPPED | CRASHED, and STARTING → EXITED for a non-web process
 * that finished at once with code 0).
 */

/** Holds a reservation on its host (requests counted, port taken): the scheduler's view. */
export const ACTIVE_INSTANCE_STATUSES = ['STARTING', 'RUNNING', 'STOPPING'] as const satisfies readonly InstanceStatus[];

/** Has (or had, when CRASHED) a container that still holds its port and its slot. */
export const PRESENT_INSTANCE_STATUSES = [...ACTIVE_INSTANCE_STATUSES, 'CRASHED'] as const satisfies readonly InstanceStatus[];

/**
 * Fills a slot of the formation: present, or EXITED — a process type that exits at once is done,
 * holds nothing and is not started again until the formation or the release changes (so it never
 * crash-loops the app).
 */
export const SLOT_INSTANCE_STATUSES = [...PRESENT_INSTANCE_STATUSES, 'EXITED'] as const satisfies readonly InstanceStatus[];

/** Belongs to a release that should be running: not stopping, maybe crashed and to be restarted. */
export const WANTED_INSTANCE_STATUSES = ['STARTING', 'RUNNING', 'CRASHED'] as const satisfies readonly InstanceStatus[];

/** Serving or about to: counts as up in app status and host views. */
export const UP_INSTANCE_STATUSES = ['STARTING', 'RUNNING'] as const satisfies readonly InstanceStatus[];

export const isUp = (status: InstanceStatus): boolean => (UP_INSTANCE_STATUSES as readonly InstanceStatus[]).includes(status);
