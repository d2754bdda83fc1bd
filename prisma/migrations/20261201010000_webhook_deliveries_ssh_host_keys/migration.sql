-- Signed webhook deliveries seen recently (lib/git/webhook.ts): the same delivery id, or the same
-- signed body, again within BERTH_WEBHOOK_REPLAY_WINDOW_HOURS is a replay and is ignored.
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "WebhookDelivery_appId_deliveryId_key" ON "WebhookDelivery"("appId", "deliveryId");
CREATE UNIQUE INDEX "WebhookDelivery_appId_bodyHash_key" ON "WebhookDelivery"("appId", "bodyHash");
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ssh:// hosts: the SSH host key fingerprint (SHA256:…) pinned when the host was added; a
-- different key later is refused (lib/docker/connect.ts).
ALTER TABLE "Host" ADD COLUMN "sshHostKey" TEXT;
