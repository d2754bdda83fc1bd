-- Density (#10): Heroku's release phase, recorded on the release it ran for.
-- Release phase (Procfile `release:`): { status, exitCode, host, output (tail), startedAt, finishedAt }.
ALTER TABLE "Release" ADD COLUMN "releasePhase" JSONB;
