#!/usr/bin/env bash
# `npm run up`: set up the machine (idempotent), build web and worker when the sources changed, start
# whichever of the web server and the worker is not running (in the background), wait until the
# UI answers. Parts already running are left alone. `npm run down` stops exactly these two
# processes; the apps proxy and the app containers keep serving.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

bash scripts/setup.sh
load_env_file
DATA_DIR=${BERTH_DATA_DIR:-/var/lib/berth}
RUN_DIR=$DATA_DIR/run
LOG_DIR=$DATA_DIR/logs
PORT=${PORT:-3000}
mkdir -p "$RUN_DIR" "$LOG_DIR"

web_running=0; worker_running=0
pid_alive "$(cat "$RUN_DIR/web.pid" 2>/dev/null)" && web_running=1
pid_alive "$(cat "$RUN_DIR/worker.pid" 2>/dev/null)" && worker_running=1

# Stop the configuration problem here, with its one-line message, rather than in a background log.
npx --no-install tsx -e 'import("./lib/config.ts").then((m) => m.loadConfigOrExit())' || fail "invalid configuration in .env or the environment"

# `npm run build` (scripts/build.sh): the web's standalone server and the worker's bundle, both run
# with plain node. Rebuilt when the sources changed, never under a running web server.
hash=$(build_hash)
if [ "$web_running" = 1 ]; then
  [ "$(cat .next/berth-build-hash 2>/dev/null)" = "$hash" ] || step "web is running an older build: npm run down && npm run up to upgrade it"
elif [ "${BERTH_FORCE_BUILD:-}" = 1 ] || [ ! -f .next/standalone/server.js ] || [ ! -f dist/worker/index.mjs ] || [ "$(cat .next/berth-build-hash 2>/dev/null)" != "$hash" ]; then
  step "building Berth (npm run build; log: $LOG_DIR/build.log)"
  rm -f .next/berth-build-hash
  bash scripts/build.sh >"$LOG_DIR/build.log" 2>&1 || fail "npm run build failed" "$LOG_DIR/build.log"
  echo "$hash" >.next/berth-build-hash
else
  step "build is up to date"
fi
# Only the worker died and its bundle is gone: rebuild just the worker (seconds), keep the web.
if [ "$worker_running" = 0 ] && [ ! -f dist/worker/index.mjs ]; then
  BERTH_BUILD_PARTS=worker bash scripts/build.sh >>"$LOG_DIR/build.log" 2>&1 || fail "building the worker failed" "$LOG_DIR/build.log"
fi

# Each starts only if its pid file names no live process (scripts/lib.sh: start_web, start_worker).
start_web "$RUN_DIR" "$LOG_DIR" "$PORT"
start_worker "$RUN_DIR" "$LOG_DIR"

wait_http "web" "http://127.0.0.1:$PORT/sign-in" 120 "$(cat "$RUN_DIR/web.pid")" || fail "web did not start" "$LOG_DIR/web.log"
sleep 1
pid_alive "$(cat "$RUN_DIR/worker.pid")" || fail "worker exited" "$LOG_DIR/worker.log"

# A Berth without users wrote its one-time setup code there at start (lib/auth/setup-code.ts).
first_visit="(first visit: create the admin account)"
if [ -s "$DATA_DIR/setup-code" ]; then
  first_visit="(first visit: create the admin account with setup code $(cat "$DATA_DIR/setup-code"))"
fi

proxy_port=${BERTH_PROXY_PORT:-8080}
port_suffix=":$proxy_port"; [ "$proxy_port" = 80 ] && port_suffix=""
cat <<MSG

  Berth is running.
    UI:        ${BERTH_PUBLIC_URL:-http://localhost:$PORT}   $first_visit
    Apps:      http://<app>.${BERTH_APPS_DOMAIN:-localhost}$port_suffix
    Git:       git push ${BERTH_PUBLIC_URL:-http://localhost:$PORT}/git/<app>.git main   (password: an API token)
    Logs:      $LOG_DIR/web.log, $LOG_DIR/worker.log (services: $LOG_DIR)
    Stop:      npm run down

MSG
