-- Actionable deploy failures: the step and a long detail next to the short reason.
ALTER TABLE "Release" ADD COLUMN "failedStep" TEXT;
ALTER TABLE "Release" ADD COLUMN "failureDetail" TEXT;

-- Request metrics split by status class and a response-time histogram per minute (p50/p95).
ALTER TABLE "RequestStat" ADD COLUMN "clientErrors" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "RequestStat" ADD COLUMN "latency" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[];
