-- A network made ahead for an app's next web instance while a push builds
-- (lib/deploys/spare-network.ts). Its port is held like an instance's (lib/scheduler/reserve.ts).
CREATE TABLE "SpareNetwork" (
  "id" TEXT NOT NULL,
  "appId" TEXT NOT NULL,
  "hostId" TEXT NOT NULL,
  "hostPort" INTEGER NOT NULL,
  "ready" BOOLEAN NOT NULL DEFAULT false,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "SpareNetwork_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "SpareNetwork_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "SpareNetwork_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "SpareNetwork_appId_key" ON "SpareNetwork"("appId");
CREATE UNIQUE INDEX "SpareNetwork_hostId_hostPort_key" ON "SpareNetwork"("hostId", "hostPort");
