-- Berth core model. Hand-written in the shape `prisma migrate diff` produces.

CREATE TYPE "Role" AS ENUM ('ADMIN', 'DEVELOPER');
CREATE TYPE "MemberRole" AS ENUM ('OWNER', 'MEMBER');
CREATE TYPE "Template" AS ENUM ('PHP', 'NODE', 'PYTHON', 'JAVA', 'DOCKERFILE');
CREATE TYPE "Tier" AS ENUM ('SMALL', 'MEDIUM', 'LARGE');
CREATE TYPE "PlacementStrategy" AS ENUM ('BINPACK', 'SPREAD');
CREATE TYPE "AppDesiredState" AS ENUM ('RUNNING', 'STOPPED');
CREATE TYPE "BuildStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');
CREATE TYPE "BuildTrigger" AS ENUM ('CREATE', 'PUSH', 'WEBHOOK', 'MANUAL');
CREATE TYPE "ReleaseStatus" AS ENUM ('PENDING', 'DEPLOYING', 'LIVE', 'FAILED', 'SUPERSEDED');
CREATE TYPE "InstanceStatus" AS ENUM ('STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'CRASHED');
CREATE TYPE "HostStatus" AS ENUM ('READY', 'UNREACHABLE', 'DRAINING');
CREATE TYPE "RouteKind" AS ENUM ('DEFAULT', 'CUSTOM');
CREATE TYPE "LogStream" AS ENUM ('STDOUT', 'STDERR');
CREATE TYPE "DeploymentKind" AS ENUM ('RELEASE', 'SCALE', 'RESTART', 'STOP', 'START');
CREATE TYPE "DeploymentStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'DEVELOPER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "userAgent" TEXT,
    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SignInAttempt" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SignInAttempt_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL DEFAULT 'MEMBER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

CREATE TABLE "App" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "template" "Template" NOT NULL,
    "tier" "Tier" NOT NULL DEFAULT 'SMALL',
    "instances" INTEGER NOT NULL DEFAULT 1,
    "desiredState" "AppDesiredState" NOT NULL DEFAULT 'RUNNING',
    "placement" "PlacementStrategy" NOT NULL DEFAULT 'BINPACK',
    "hostConstraints" JSONB NOT NULL DEFAULT '{}',
    "healthcheck" JSONB,
    "webhookSecret" TEXT,
    "remoteUrl" TEXT,
    "defaultBranch" TEXT NOT NULL DEFAULT 'main',
    "logRetentionBytes" INTEGER NOT NULL DEFAULT 10485760,
    "logRetentionDays" INTEGER NOT NULL DEFAULT 7,
    "teamId" TEXT,
    "createdById" TEXT,
    "currentReleaseId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "App_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AppMember" (
    "appId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL DEFAULT 'MEMBER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AppMember_pkey" PRIMARY KEY ("appId","userId")
);

CREATE TABLE "Repository" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "defaultBranch" TEXT NOT NULL DEFAULT 'main',
    "headCommit" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Repository_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Build" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "commitSha" TEXT NOT NULL,
    "commitMessage" TEXT,
    "commitAuthor" TEXT,
    "branch" TEXT NOT NULL DEFAULT 'main',
    "trigger" "BuildTrigger" NOT NULL DEFAULT 'PUSH',
    "status" "BuildStatus" NOT NULL DEFAULT 'QUEUED',
    "deployAfter" BOOLEAN NOT NULL DEFAULT true,
    "template" "Template",
    "imageTag" TEXT,
    "imageId" TEXT,
    "imageSize" BIGINT,
    "failedStep" TEXT,
    "error" TEXT,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "hostId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    CONSTRAINT "Build_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "BuildLogLine" (
    "id" BIGSERIAL NOT NULL,
    "buildId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "line" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BuildLogLine_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Release" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "buildId" TEXT,
    "imageTag" TEXT NOT NULL,
    "commitSha" TEXT NOT NULL,
    "commitMessage" TEXT,
    "commitAuthor" TEXT,
    "env" TEXT NOT NULL,
    "processTypes" JSONB NOT NULL DEFAULT '{}',
    "healthcheck" JSONB,
    "status" "ReleaseStatus" NOT NULL DEFAULT 'PENDING',
    "description" TEXT NOT NULL,
    "failureReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deployedAt" TIMESTAMP(3),
    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Deployment" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "releaseId" TEXT,
    "kind" "DeploymentKind" NOT NULL DEFAULT 'RELEASE',
    "status" "DeploymentStatus" NOT NULL DEFAULT 'QUEUED',
    "reason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Host" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "dockerUrl" TEXT NOT NULL,
    "tls" TEXT,
    "address" TEXT NOT NULL DEFAULT '127.0.0.1',
    "status" "HostStatus" NOT NULL DEFAULT 'READY',
    "isLocal" BOOLEAN NOT NULL DEFAULT false,
    "cpuTotal" INTEGER NOT NULL DEFAULT 0,
    "memoryTotalMb" INTEGER NOT NULL DEFAULT 0,
    "reserveCpu" INTEGER NOT NULL DEFAULT 0,
    "reserveMemoryMb" INTEGER NOT NULL DEFAULT 0,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "portRangeStart" INTEGER NOT NULL DEFAULT 20000,
    "portRangeEnd" INTEGER NOT NULL DEFAULT 20999,
    "dockerVersion" TEXT,
    "lastHeartbeatAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Host_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "processType" TEXT NOT NULL DEFAULT 'web',
    "index" INTEGER NOT NULL,
    "containerName" TEXT NOT NULL,
    "containerId" TEXT,
    "hostPort" INTEGER,
    "cpu" INTEGER NOT NULL,
    "memoryMb" INTEGER NOT NULL,
    "status" "InstanceStatus" NOT NULL DEFAULT 'STARTING',
    "restartCount" INTEGER NOT NULL DEFAULT 0,
    "exitCode" INTEGER,
    "oomKilled" BOOLEAN NOT NULL DEFAULT false,
    "placementReason" TEXT,
    "startedAt" TIMESTAMP(3),
    "stoppedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Route" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "kind" "RouteKind" NOT NULL DEFAULT 'DEFAULT',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Route_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "EnvVar" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "EnvVar_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Event" (
    "id" BIGSERIAL NOT NULL,
    "appId" TEXT,
    "appName" TEXT,
    "hostId" TEXT,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "LogLine" (
    "id" BIGSERIAL NOT NULL,
    "appId" TEXT NOT NULL,
    "instanceId" TEXT,
    "instanceName" TEXT NOT NULL,
    "stream" "LogStream" NOT NULL DEFAULT 'STDOUT',
    "line" TEXT NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "LogLine_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "MetricSample" (
    "id" BIGSERIAL NOT NULL,
    "appId" TEXT NOT NULL,
    "instanceId" TEXT,
    "instanceName" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL DEFAULT 0,
    "ts" TIMESTAMP(3) NOT NULL,
    "cpuPercent" DOUBLE PRECISION NOT NULL,
    "memoryBytes" BIGINT NOT NULL,
    "memoryLimit" BIGINT NOT NULL,
    CONSTRAINT "MetricSample_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "RequestStat" (
    "id" BIGSERIAL NOT NULL,
    "appId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "totalMs" DOUBLE PRECISION NOT NULL,
    "maxMs" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "RequestStat_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "Session_userId_idx" ON "Session"("userId");
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");
CREATE INDEX "SignInAttempt_email_createdAt_idx" ON "SignInAttempt"("email", "createdAt");
CREATE INDEX "SignInAttempt_ip_createdAt_idx" ON "SignInAttempt"("ip", "createdAt");
CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");
CREATE UNIQUE INDEX "App_name_key" ON "App"("name");
CREATE UNIQUE INDEX "App_currentReleaseId_key" ON "App"("currentReleaseId");
CREATE INDEX "App_teamId_idx" ON "App"("teamId");
CREATE INDEX "AppMember_userId_idx" ON "AppMember"("userId");
CREATE UNIQUE INDEX "Repository_appId_key" ON "Repository"("appId");
CREATE INDEX "Build_appId_status_idx" ON "Build"("appId", "status");
CREATE INDEX "Build_status_idx" ON "Build"("status");
CREATE UNIQUE INDEX "Build_appId_number_key" ON "Build"("appId", "number");
CREATE INDEX "BuildLogLine_buildId_seq_idx" ON "BuildLogLine"("buildId", "seq");
CREATE INDEX "Release_appId_status_idx" ON "Release"("appId", "status");
CREATE UNIQUE INDEX "Release_appId_version_key" ON "Release"("appId", "version");
CREATE INDEX "Deployment_appId_createdAt_idx" ON "Deployment"("appId", "createdAt");
CREATE INDEX "Deployment_status_idx" ON "Deployment"("status");
CREATE UNIQUE INDEX "Host_name_key" ON "Host"("name");
CREATE UNIQUE INDEX "Instance_containerName_key" ON "Instance"("containerName");
CREATE INDEX "Instance_appId_status_idx" ON "Instance"("appId", "status");
CREATE INDEX "Instance_hostId_status_idx" ON "Instance"("hostId", "status");
CREATE UNIQUE INDEX "Route_hostname_key" ON "Route"("hostname");
CREATE INDEX "Route_appId_idx" ON "Route"("appId");
CREATE UNIQUE INDEX "EnvVar_appId_key_key" ON "EnvVar"("appId", "key");
CREATE INDEX "Event_appId_createdAt_idx" ON "Event"("appId", "createdAt");
CREATE INDEX "Event_createdAt_idx" ON "Event"("createdAt");
CREATE INDEX "LogLine_appId_id_idx" ON "LogLine"("appId", "id");
CREATE INDEX "LogLine_appId_ts_idx" ON "LogLine"("appId", "ts");
CREATE INDEX "MetricSample_appId_ts_idx" ON "MetricSample"("appId", "ts");
CREATE INDEX "MetricSample_resolution_ts_idx" ON "MetricSample"("resolution", "ts");
CREATE UNIQUE INDEX "RequestStat_appId_minute_key" ON "RequestStat"("appId", "minute");

-- A host port is held by at most one live instance: the scheduler's last line of defence.
CREATE UNIQUE INDEX "Instance_hostId_hostPort_active_key" ON "Instance"("hostId", "hostPort")
    WHERE "status" IN ('STARTING', 'RUNNING', 'STOPPING');

ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "App" ADD CONSTRAINT "App_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "App" ADD CONSTRAINT "App_currentReleaseId_fkey" FOREIGN KEY ("currentReleaseId") REFERENCES "Release"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "AppMember" ADD CONSTRAINT "AppMember_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AppMember" ADD CONSTRAINT "AppMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Repository" ADD CONSTRAINT "Repository_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Build" ADD CONSTRAINT "Build_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BuildLogLine" ADD CONSTRAINT "BuildLogLine_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Release" ADD CONSTRAINT "Release_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Release" ADD CONSTRAINT "Release_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Route" ADD CONSTRAINT "Route_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "EnvVar" ADD CONSTRAINT "EnvVar_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "LogLine" ADD CONSTRAINT "LogLine_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "LogLine" ADD CONSTRAINT "LogLine_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "MetricSample" ADD CONSTRAINT "MetricSample_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "MetricSample" ADD CONSTRAINT "MetricSample_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "RequestStat" ADD CONSTRAINT "RequestStat_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
