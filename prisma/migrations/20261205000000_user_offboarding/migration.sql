-- Offboarding: an admin can disable a user (sessions and tokens die with it) and tokens can expire.
ALTER TABLE "User" ADD COLUMN "disabledAt" TIMESTAMP(3);
ALTER TABLE "ApiToken" ADD COLUMN "expiresAt" TIMESTAMP(3);
