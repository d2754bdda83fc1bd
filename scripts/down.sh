#!/usr/bin/env bash
# `npm run down`: stops the web and worker processes `npm run up` started (by their pid files)
# and the apps proxy nginx the worker started. PostgreSQL, Redis, dockerd, the registry and app
# containers keep running; `npm run up` picks everything up again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
load_env_file
DATA_DIR=${BERTH_DATA_DIR:-/var/lib/berth}
stop_pidfile web "$DATA_DIR/run/web.pid"
stop_pidfile worker "$DATA_DIR/run/worker.pid"
stop_nginx "$DATA_DIR"
step "Berth stopped"
