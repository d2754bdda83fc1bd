#!/usr/bin/env bash
# `npm run proxy:stop`: stops the apps edge proxy (nginx) — every app stops answering until the
# worker starts it again (`npm run up`). Separate from `npm run down` on purpose: the data plane
# outlives the control plane.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
load_env_file
stop_nginx "${BERTH_DATA_DIR:-/var/lib/berth}"
