#!/usr/bin/env bash
# `npm run dev`: setup, then `next dev` and the worker (tsx watch) in the foreground. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bash scripts/setup.sh
load_env_file
PORT=${PORT:-3000}
npx --no-install tsx watch workers/index.ts &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
step "web: http://localhost:$PORT (next dev), worker pid $worker"
npx --no-install next dev -p "$PORT"
