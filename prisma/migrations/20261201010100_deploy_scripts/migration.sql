-- app.json deploy scripts ({predeploy?, postdeploy?}) recorded by the build and carried by its release.
ALTER TABLE "Build" ADD COLUMN "scripts" JSONB;
ALTER TABLE "Release" ADD COLUMN "scripts" JSONB;
