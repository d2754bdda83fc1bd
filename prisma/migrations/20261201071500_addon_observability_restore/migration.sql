-- Add-on containers' logs and CPU/memory samples (Add-ons tab), and provisioning from a backup.
ALTER TABLE "LogLine" ADD COLUMN "addonId" TEXT;
ALTER TABLE "MetricSample" ADD COLUMN "addonId" TEXT;
ALTER TABLE "Addon" ADD COLUMN "restoreBackupId" TEXT;

CREATE INDEX "LogLine_addonId_id_idx" ON "LogLine"("addonId", "id");
CREATE INDEX "MetricSample_addonId_ts_idx" ON "MetricSample"("addonId", "ts");

ALTER TABLE "LogLine" ADD CONSTRAINT "LogLine_addonId_fkey" FOREIGN KEY ("addonId") REFERENCES "Addon"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "MetricSample" ADD CONSTRAINT "MetricSample_addonId_fkey" FOREIGN KEY ("addonId") REFERENCES "Addon"("id") ON DELETE SET NULL ON UPDATE CASCADE;
