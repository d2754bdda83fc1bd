-- Density (#10): requests and limits with Kubernetes semantics, per-host overcommit.

-- Instances hold a request (what the scheduler counts) and a limit (what cgroups enforce).
-- Existing instances were created with limit = request.
ALTER TABLE "Instance" RENAME COLUMN "cpu" TO "cpuRequest";
ALTER TABLE "Instance" RENAME COLUMN "memoryMb" TO "memoryRequestMb";
ALTER TABLE "Instance" ADD COLUMN "cpuLimit" INTEGER,
ADD COLUMN "memoryLimitMb" INTEGER NOT NULL DEFAULT 0;
UPDATE "Instance" SET "cpuLimit" = "cpuRequest", "memoryLimitMb" = "memoryRequestMb";
ALTER TABLE "Instance" ALTER COLUMN "memoryLimitMb" DROP DEFAULT;

-- Requests may add up to (capacity - reserve) x overcommit; NULL = the installation default
-- (BERTH_HOST_CPU_OVERCOMMIT / BERTH_HOST_MEMORY_OVERCOMMIT).
ALTER TABLE "Host" ADD COLUMN "cpuOvercommit" DOUBLE PRECISION,
ADD COLUMN "memoryOvercommit" DOUBLE PRECISION;
ALTER TABLE "Host" ADD CONSTRAINT "Host_overcommit_check"
    CHECK (("cpuOvercommit" IS NULL OR "cpuOvercommit" >= 1) AND ("memoryOvercommit" IS NULL OR "memoryOvercommit" >= 1));
