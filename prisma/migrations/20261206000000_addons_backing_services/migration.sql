-- Add-ons (helper "addons"): per-app PostgreSQL / MariaDB / Redis containers and their backups.
CREATE TYPE "AddonType" AS ENUM ('POSTGRES', 'MYSQL', 'REDIS');
CREATE TYPE "AddonStatus" AS ENUM ('PROVISIONING', 'AVAILABLE', 'FAILED', 'UNAVAILABLE', 'DELETED');
CREATE TYPE "AddonBackupStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');
CREATE TYPE "AddonBackupKind" AS ENUM ('SCHEDULED', 'MANUAL', 'FINAL');

CREATE TABLE "Addon" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "type" "AddonType" NOT NULL,
    "envSuffix" TEXT NOT NULL DEFAULT '',
    "setsDatabaseUrl" BOOLEAN NOT NULL DEFAULT false,
    "hostId" TEXT,
    "containerName" TEXT NOT NULL,
    "containerId" TEXT,
    "volumeName" TEXT NOT NULL,
    "credentials" TEXT NOT NULL,
    "status" "AddonStatus" NOT NULL DEFAULT 'PROVISIONING',
    "statusReason" TEXT,
    "version" TEXT NOT NULL,
    "cpuRequest" INTEGER NOT NULL,
    "cpuLimit" INTEGER,
    "memoryRequestMb" INTEGER NOT NULL,
    "memoryLimitMb" INTEGER NOT NULL,
    "placementReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    CONSTRAINT "Addon_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Addon_containerName_key" ON "Addon"("containerName");
CREATE INDEX "Addon_appId_status_idx" ON "Addon"("appId", "status");
CREATE INDEX "Addon_hostId_status_idx" ON "Addon"("hostId", "status");
ALTER TABLE "Addon" ADD CONSTRAINT "Addon_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Addon" ADD CONSTRAINT "Addon_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "AddonBackup" (
    "id" TEXT NOT NULL,
    "addonId" TEXT NOT NULL,
    "kind" "AddonBackupKind" NOT NULL DEFAULT 'MANUAL',
    "status" "AddonBackupStatus" NOT NULL DEFAULT 'RUNNING',
    "path" TEXT,
    "sizeBytes" BIGINT,
    "sha256" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "AddonBackup_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AddonBackup_addonId_createdAt_idx" ON "AddonBackup"("addonId", "createdAt");
ALTER TABLE "AddonBackup" ADD CONSTRAINT "AddonBackup_addonId_fkey" FOREIGN KEY ("addonId") REFERENCES "Addon"("id") ON DELETE CASCADE ON UPDATE CASCADE;
