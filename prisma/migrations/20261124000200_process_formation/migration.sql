-- Density (#10): process formation per type; app.json formation on builds and releases.

-- Process formation: how many instances of each Procfile type run, and on which tier (NULL = the
-- app's tier). No row = the default: web 1, other types 0. `fromAppJson`: set by app.json's
-- `formation` (followed on later deploys) rather than by a user's scale (which app.json never
-- overrides).
CREATE TABLE "ProcessFormation" (
    "appId" TEXT NOT NULL,
    "processType" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "tier" "Tier",
    "fromAppJson" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProcessFormation_pkey" PRIMARY KEY ("appId", "processType"),
    CONSTRAINT "ProcessFormation_quantity_check" CHECK ("quantity" >= 0)
);
ALTER TABLE "ProcessFormation" ADD CONSTRAINT "ProcessFormation_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- App.instances (web instances) becomes the web row of the formation where it differs from the
-- default of 1.
INSERT INTO "ProcessFormation" ("appId", "processType", "quantity")
SELECT "id", 'web', "instances" FROM "App" WHERE "instances" <> 1;
ALTER TABLE "App" DROP COLUMN "instances";

-- app.json `formation` as the build found it ({ type: { quantity, tier } }), carried by releases.
ALTER TABLE "Build" ADD COLUMN "formation" JSONB;
ALTER TABLE "Release" ADD COLUMN "formation" JSONB;
