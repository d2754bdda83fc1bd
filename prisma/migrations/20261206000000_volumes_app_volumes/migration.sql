-- App volumes (Backing services #12 point 6): a named Docker volume per row, mounted at `path` in
-- every instance of the app; `hostId` pins the app to the host holding the data (set by the first
-- placement). A host with volumes cannot be deleted.
CREATE TABLE "AppVolume" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "dockerName" TEXT NOT NULL,
    "hostId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AppVolume_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AppVolume_dockerName_key" ON "AppVolume"("dockerName");
CREATE UNIQUE INDEX "AppVolume_appId_path_key" ON "AppVolume"("appId", "path");
CREATE INDEX "AppVolume_hostId_idx" ON "AppVolume"("hostId");
ALTER TABLE "AppVolume" ADD CONSTRAINT "AppVolume_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AppVolume" ADD CONSTRAINT "AppVolume_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
