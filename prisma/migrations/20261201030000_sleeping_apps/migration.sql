-- Sleeping apps (Density #10 point 4): per-app idle threshold (NULL = installation default,
-- 0 = never) and the moment the app was put to sleep (NULL = awake). A sleeping app has
-- desiredState STOPPED and is woken by the first request (the waker).
ALTER TABLE "App" ADD COLUMN "sleepAfterIdleMinutes" INTEGER;
ALTER TABLE "App" ADD COLUMN "sleepingSince" TIMESTAMP(3);
