-- How many times a worker died while running this build (it is then run again from scratch,
-- up to a limit): lib/builds/resume-interrupted-builds.ts.
ALTER TABLE "Build" ADD COLUMN "interruptions" INTEGER NOT NULL DEFAULT 0;
