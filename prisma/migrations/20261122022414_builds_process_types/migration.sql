-- What a build found in the commit, for the release made from it: Procfile process types
-- (type -> command) and the app.json health check ({ path, expectedStatus, timeoutMs, attempts }).
-- AlterTable
ALTER TABLE "Build" ADD COLUMN     "processTypes" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "healthcheck" JSONB;
