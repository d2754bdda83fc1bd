/**
 * Redis pub/sub channel names for live streams. Everything published here is also written to
 * Postgres first, so a subscriber that joins late reads the history from the database.
 */
import { config } from '../config';

export const channel = {
  /**
   * "Some app of this installation changed" ({ appId }): wakes the apps-list stream, which then
   * reads the list again from Postgres. Scoped by installation, as test runs share one Redis.
   */
  apps: () => `berth:${config().BERTH_INSTALLATION}:apps`,
  /** Build log lines: { seq, line } and a final { done: status }. */
  build: (buildId: string) => `berth:build:${buildId}`,
  /** App progress: { step, status, message, url? } — repository, build, deploy, health, live. */
  app: (appId: string) => `berth:app:${appId}:progress`,
  /** Runtime log lines of every instance of an app. */
  logs: (appId: string) => `berth:app:${appId}:logs`,
};
