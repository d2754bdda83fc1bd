CREATE INDEX "Instance_containerId_idx" ON "Instance"("containerId");
