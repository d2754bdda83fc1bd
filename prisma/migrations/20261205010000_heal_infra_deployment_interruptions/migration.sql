-- How many times a worker died while running this deployment (it is then run again, up to a
-- limit, under a new queue job id): lib/deploys/recover-stale.ts.
ALTER TABLE "Deployment" ADD COLUMN "interruptions" INTEGER NOT NULL DEFAULT 0;
