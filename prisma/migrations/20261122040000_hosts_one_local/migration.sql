-- Exactly one host is the engine Berth runs next to: it builds images and is the registry's
-- source, so two rows claiming it would make both choices ambiguous.
CREATE UNIQUE INDEX "Host_isLocal_single_key" ON "Host"("isLocal") WHERE "isLocal";
