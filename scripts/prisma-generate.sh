#!/usr/bin/env bash
# `prisma generate` needs no database and no engine for the prisma-client generator, but the
# CLI insists that a schema-engine binary path exists; any file will do (it is never run).
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$PWD/scripts/prisma-generate.sh}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
exec npx --no-install prisma generate "$@"
