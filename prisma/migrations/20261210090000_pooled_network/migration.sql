-- A network made ahead for the next new app (lib/deploys/network-pool.ts): the app created next
-- takes its id, and its holder becomes that app's spare network. Its port is held like an
-- instance's (lib/scheduler/reserve.ts).
CREATE TABLE "PooledNetwork" (
  "id" TEXT NOT NULL,
  "holderId" TEXT NOT NULL,
  "hostId" TEXT NOT NULL,
  "hostPort" INTEGER NOT NULL,
  "ready" BOOLEAN NOT NULL DEFAULT false,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "PooledNetwork_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "PooledNetwork_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "PooledNetwork_holderId_key" ON "PooledNetwork"("holderId");
CREATE UNIQUE INDEX "PooledNetwork_hostId_hostPort_key" ON "PooledNetwork"("hostId", "hostPort");
