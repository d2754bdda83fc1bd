#!/usr/bin/env bash
# `npm run down`: stops the web and worker processes `npm run up` started (by their pid files).
# The data plane keeps serving: the apps proxy nginx and the app containers stay up (stop the
# proxy explicitly with `npm run proxy:stop`), and so do PostgreSQL, Redis, dockerd and the
# registry. `npm run up` picks everything up again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
load_env_file
DATA_DIR=${BERTH_DATA_DIR:-/var/lib/berth}
stop_pidfile web "$DATA_DIR/run/web.pid"
stop_pidfile worker "$DATA_DIR/run/worker.pid"
step "Berth stopped (apps keep serving; the apps proxy stops with: npm run proxy:stop)"
