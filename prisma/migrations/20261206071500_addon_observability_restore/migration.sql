-- Add-on containers' logs and CPU/memory samples (Add-ons tab), and provisioning from a backup.
-- Idempotent (IF NOT EXISTS): it was first applied to development databases under another name.
ALTER TABLE "LogLine" ADD COLUMN IF NOT EXISTS "addonId" TEXT;
ALTER TABLE "MetricSample" ADD COLUMN IF NOT EXISTS "addonId" TEXT;
ALTER TABLE "Addon" ADD COLUMN IF NOT EXISTS "restoreBackupId" TEXT;

CREATE INDEX IF NOT EXISTS "LogLine_addonId_id_idx" ON "LogLine"("addonId", "id");
CREATE INDEX IF NOT EXISTS "MetricSample_addonId_ts_idx" ON "MetricSample"("addonId", "ts");

ALTER TABLE "LogLine" DROP CONSTRAINT IF EXISTS "LogLine_addonId_fkey";
ALTER TABLE "LogLine" ADD CONSTRAINT "LogLine_addonId_fkey" FOREIGN KEY ("addonId") REFERENCES "Addon"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "MetricSample" DROP CONSTRAINT IF EXISTS "MetricSample_addonId_fkey";
ALTER TABLE "MetricSample" ADD CONSTRAINT "MetricSample_addonId_fkey" FOREIGN KEY ("addonId") REFERENCES "Addon"("id") ON DELETE SET NULL ON UPDATE CASCADE;
