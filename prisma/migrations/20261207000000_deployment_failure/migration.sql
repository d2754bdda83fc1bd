-- Scale, restart, start and stop fail like releases do: the step, a one-sentence reason (the
-- existing "reason" column) and the long form shown collapsed; "request" keeps what was asked
-- (a scale's formation, a tier change's tier) so Retry can ask again.
ALTER TABLE "Deployment"
  ADD COLUMN "failedStep" TEXT,
  ADD COLUMN "failureDetail" TEXT,
  ADD COLUMN "request" JSONB;
