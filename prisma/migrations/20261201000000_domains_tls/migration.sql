-- Custom domains and HTTPS at the edge proxy (lib/domains, lib/tls).
-- Per app: redirect plain HTTP to HTTPS, and send HSTS on HTTPS responses.
ALTER TABLE "App" ADD COLUMN "httpsRedirect" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "App" ADD COLUMN "hsts" BOOLEAN NOT NULL DEFAULT false;

CREATE TYPE "CertificateSource" AS ENUM ('ACME', 'UPLOADED', 'WILDCARD');
CREATE TYPE "CertificateStatus" AS ENUM ('PENDING', 'ISSUED', 'FAILED');

-- One certificate per custom domain (routeId), at most one wildcard certificate for the apps
-- domain (routeId NULL, source WILDCARD), and ACME certificates for Berth's own hostname when the
-- edge serves the UI (routeId NULL, hostname set). The private key is encrypted (lib/crypto/secret-box).
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL,
    "routeId" TEXT,
    "hostname" TEXT,
    "source" "CertificateSource" NOT NULL,
    "status" "CertificateStatus" NOT NULL DEFAULT 'PENDING',
    "names" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "certPem" TEXT,
    "keySealed" TEXT,
    "issuer" TEXT,
    "notBefore" TIMESTAMP(3),
    "notAfter" TIMESTAMP(3),
    "fingerprint" TEXT,
    "lastError" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastAttemptAt" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3),
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Certificate_routeId_key" ON "Certificate"("routeId");
CREATE UNIQUE INDEX "Certificate_hostname_key" ON "Certificate"("hostname");
CREATE INDEX "Certificate_source_status_idx" ON "Certificate"("source", "status");
CREATE UNIQUE INDEX "Certificate_wildcard_single_key" ON "Certificate"("source") WHERE "source" = 'WILDCARD';
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_route_or_wildcard_check" CHECK (
    ("routeId" IS NOT NULL AND "hostname" IS NULL AND "source" <> 'WILDCARD')
    OR ("routeId" IS NULL AND "hostname" IS NULL AND "source" = 'WILDCARD')
    OR ("routeId" IS NULL AND "hostname" IS NOT NULL AND "source" = 'ACME'));

-- The ACME account Berth uses with each directory (issuer); its key is encrypted.
CREATE TABLE "AcmeAccount" (
    "directoryUrl" TEXT NOT NULL,
    "keySealed" TEXT NOT NULL,
    "accountUrl" TEXT,
    "email" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AcmeAccount_pkey" PRIMARY KEY ("directoryUrl")
);
