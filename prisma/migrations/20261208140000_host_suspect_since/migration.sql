-- A host whose latest heartbeat failed is "suspect" from then until it answers again: the edge
-- proxy stops routing to its instances of apps that have another instance on a healthy host
-- (lib/proxy/serving-instances.ts), long before the grace period makes it UNREACHABLE.
ALTER TABLE "Host" ADD COLUMN "suspectSince" TIMESTAMP(3);
