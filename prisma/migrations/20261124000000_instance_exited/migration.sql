-- A process type whose process exits at once with code 0 (Dokku's `custom: echo -n`) is done, not
-- crashed: its instance becomes EXITED and is not restarted, so it never crash-loops the app.
-- (Its own file: a new enum value cannot be used in the transaction that adds it.)
ALTER TYPE "InstanceStatus" ADD VALUE IF NOT EXISTS 'EXITED';
