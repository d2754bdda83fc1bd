#!/usr/bin/env bash
# `npm test` (and .ci/run): every test layer, for real.
#   setup → typecheck → lint → unit → integration → e2e
# e2e runs a production build (`npm run build`: Next's standalone server and the bundled worker) against a FRESH
# database (berth_e2e_<random>) with their own data dir, installation id, proxy port and host-port
# block, then drives Debian's Chromium with Playwright. Everything this script starts is stopped by
# pid (trap) and the database is dropped. Later layers still run when an earlier one fails, so
# the summary shows every layer; the exit code is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib.sh

# BERTH_SKIP_SETUP=1: the services are known to be up (a shared machine: never restart them).
[ -n "${BERTH_SKIP_SETUP:-}" ] || bash scripts/setup.sh || fail "setup failed (see the messages above)"
load_env_file
DATA_DIR=${BERTH_DATA_DIR:-/var/lib/berth}
export FORCE_COLOR=${FORCE_COLOR:-1}

declare -a SUMMARY=()
FAILED=0
# BERTH_TEST_LAYERS="unit e2e" runs only those layers (default: all); BERTH_E2E_FILES="e2e/x.spec.ts"
# runs only those specs (word-split: several files separated by spaces).
LAYERS=${BERTH_TEST_LAYERS:-typecheck lint unit integration e2e}
layer() { # layer NAME CMD...: run one layer, remember PASS/FAIL and its duration
  local name=$1; shift
  case " $LAYERS " in *" $name "*) ;; *) SUMMARY+=("SKIP  $name"); return 0 ;; esac
  local start=$SECONDS
  printf '\n\033[1m==== %s ====\033[0m\n' "$name"
  if "$@"; then
    SUMMARY+=("PASS  $name ($((SECONDS - start))s)")
  else
    SUMMARY+=("FAIL  $name ($((SECONDS - start))s)")
    FAILED=1
  fi
}

# --- e2e environment, torn down by the trap whatever happens -------------------------------------
E2E_ID=$(date +%s | tail -c 6)$RANDOM
E2E_DB=berth_e2e_$E2E_ID
E2E_DATA=$DATA_DIR/test/e2e-$E2E_ID
E2E_DIST=.berth/e2e-$E2E_ID/next # own build dir: never disturbs a running `npm run up` (.next)
E2E_DB_CREATED=0
e2e_db_url() { node -e 'const u=new URL(process.argv[1]);u.pathname="/"+process.argv[2];console.log(u.toString())' "$DATABASE_URL" "$1"; }
psql_main() { psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" "$@"; }

cleanup_e2e() {
  stop_pidfile "e2e web" "$E2E_DATA/run/web.pid"
  stop_pidfile "e2e worker" "$E2E_DATA/run/worker.pid"
  stop_nginx "$E2E_DATA"
  # App containers of this run's installation only (label set by the deploy code).
  local ids
  ids=$(timeout 30 docker ps -aq --filter "label=berth.installation=e2e-$E2E_ID" 2>/dev/null || true)
  [ -n "$ids" ] && timeout 60 docker rm -f $ids >/dev/null 2>&1
  # And its app networks (stale bridges slow every later dockerd start).
  ids=$(timeout 30 docker network ls -q --filter "label=berth.installation=e2e-$E2E_ID" 2>/dev/null || true)
  [ -n "$ids" ] && timeout 60 docker network rm $ids >/dev/null 2>&1
  if [ "$E2E_DB_CREATED" = 1 ] && [ -z "${BERTH_KEEP_TEST_DB:-}" ]; then
    # FORCE cannot end an autovacuum worker for a non-superuser role; it finishes within moments.
    local try
    for try in 1 2 3 4 5 6 7 8 9 10; do
      psql_main -c "DROP DATABASE IF EXISTS \"$E2E_DB\" WITH (FORCE)" >/dev/null 2>&1 && { step "dropped $E2E_DB"; break; }
      sleep 1
    done
    E2E_DB_CREATED=0
  fi
  rm -rf ".berth/e2e-$E2E_ID" "tsconfig.e2e-$E2E_ID.json"
  # Keep the e2e data dir (logs) only when something failed.
  [ "$FAILED" = 0 ] && rm -rf "$E2E_DATA"
}
trap cleanup_e2e EXIT
trap 'exit 130' INT TERM

run_e2e() {
  step "creating database $E2E_DB"
  psql_main -c "CREATE DATABASE \"$E2E_DB\"" >/dev/null || return 1
  E2E_DB_CREATED=1
  local web_port proxy_port tls_port console_port block
  web_port=$(free_port)
  console_port=$(free_port)
  proxy_port=$(free_port)
  tls_port=$(free_port)
  block=$((RANDOM % 40))
  # The e2e instance's settings, passed explicitly (never exported into this shell).
  local -a env_e2e=(
    "DATABASE_URL=$(e2e_db_url "$E2E_DB")" "BERTH_DATA_DIR=$E2E_DATA" "BERTH_INSTALLATION=e2e-$E2E_ID"
    "BERTH_PROXY_PORT=$proxy_port" "BERTH_PROXY_TLS_PORT=$tls_port" "BERTH_PORT_RANGE=$((29000 + block * 25))-$((29000 + block * 25 + 24))"
    "BERTH_PUBLIC_URL=http://127.0.0.1:$web_port" "BERTH_DIST_DIR=$E2E_DIST" "PORT=$web_port"
    "BERTH_CONSOLE_PORT=$console_port"
    "BERTH_TSCONFIG=tsconfig.e2e-$E2E_ID.json" "BERTH_SKIP_BUILD_TYPECHECK=1"
  )
  cp tsconfig.json "tsconfig.e2e-$E2E_ID.json"
  mkdir -p "$E2E_DATA/logs" "$E2E_DATA/run"
  env "${env_e2e[@]}" npx --no-install tsx scripts/migrate.ts || return 1
  step "npm run build (log: $E2E_DATA/logs/build.log)"
  if ! { env "${env_e2e[@]}" BERTH_BUILD_PARTS=web bash scripts/build.sh && build_worker ".berth/e2e-$E2E_ID/worker"; } >"$E2E_DATA/logs/build.log" 2>&1; then
    tail -n 40 "$E2E_DATA/logs/build.log"; return 1
  fi
  # `npm run up`'s own start commands (scripts/lib.sh), the e2e settings exported only into this subshell.
  (
    export "${env_e2e[@]}"
    BERTH_WEB_HOST=127.0.0.1 start_web "$E2E_DATA/run" "$E2E_DATA/logs" "$web_port" "$E2E_DIST"
    start_worker "$E2E_DATA/run" "$E2E_DATA/logs" ".berth/e2e-$E2E_ID/worker/index.mjs"
  )
  if ! wait_http "e2e web" "http://127.0.0.1:$web_port/sign-in" 120 "$(cat "$E2E_DATA/run/web.pid")"; then
    tail -n 40 "$E2E_DATA/logs/web.log"; return 1
  fi
  local rc=0
  # The fresh instance's one-time setup code (the web process wrote it at start); e2e/auth.spec.ts
  # types it into the setup page.
  local setup_code
  setup_code=$(cat "$E2E_DATA/setup-code" 2>/dev/null || true)
  [ -n "$setup_code" ] || { echo "the e2e web process wrote no $E2E_DATA/setup-code"; return 1; }
  env "${env_e2e[@]}" BERTH_E2E_URL="http://127.0.0.1:$web_port" BERTH_E2E_ADMIN_EMAIL="admin-$E2E_ID@berth.test" \
    BERTH_E2E_ADMIN_PASSWORD="pw-$E2E_ID-$RANDOM$RANDOM" BERTH_E2E_SETUP_CODE="$setup_code" BERTH_E2E_ARTIFACTS="$E2E_DATA/artifacts" \
    BERTH_E2E_REPORT="$E2E_DATA/report" npx --no-install playwright test ${BERTH_E2E_FILES:-} || rc=$?
  [ $rc -ne 0 ] && echo "e2e logs: $E2E_DATA/logs/{web,worker}.log; traces and screenshots: $E2E_DATA/artifacts"
  return $rc
}

layer typecheck npx --no-install tsc --noEmit
layer lint npx --no-install eslint .
layer unit npx --no-install vitest run --project unit --reporter=default
layer integration npx --no-install vitest run --project integration --reporter=default
layer e2e run_e2e

cleanup_e2e
trap - EXIT

printf '\n\033[1m==== summary ====\033[0m\n'
for line in "${SUMMARY[@]}"; do
  case $line in PASS*) printf '\033[32m%s\033[0m\n' "$line" ;; SKIP*) printf '%s\n' "$line" ;; *) printf '\033[31m%s\033[0m\n' "$line" ;; esac
done
exit $FAILED
