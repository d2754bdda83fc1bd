# Shared helpers for the shell scripts (sourced, not run).
step() { printf '\033[1m[berth]\033[0m %s\n' "$*"; }
fail() {
  printf '\033[31m[berth] FAILED: %s\033[0m\n' "$1" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then printf '  last lines of %s:\n' "$2" >&2; tail -n 20 "$2" | sed 's/^/    /' >&2; fi
  exit 1
}
# wait_for NAME SECONDS CMD...: retry CMD every half second until it succeeds or time runs out.
wait_for() {
  local name=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $end ] && { echo "timed out waiting for $name" >&2; return 1; }
    sleep 0.5
  done
}
docker_ok() { timeout 10 docker -H "$1" info >/dev/null 2>&1; }
# .env holds the settings; variables already in the environment win over it.
load_env_file() {
  [ -f .env ] || return 0
  local line key
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    key=${line%%=*}
    [ -n "${!key+x}" ] || export "$key=${line#*=}"
  done <.env
}

# --- process helpers for up/down/test (only ever touch pids we recorded ourselves) ---------------
# start_bg NAME LOGFILE PIDFILE CMD...: start CMD in its own session (so its whole process group
# can be stopped later), detached from the terminal, output to LOGFILE.
start_bg() {
  local name=$1 log=$2 pidfile=$3; shift 3
  mkdir -p "$(dirname "$log")" "$(dirname "$pidfile")"
  setsid nohup "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  step "started $name (pid $(cat "$pidfile"), log: $log)"
}
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
# The production start commands of `npm run up` (also used by the fault tests, which restart a
# killed part exactly this way). A 1 MB V8 young generation and two malloc arenas keep the idle
# control plane small (bench/control-plane.ts; docs/benchmarks.md). Each starts its part only when
# the pid file does not name a live process: `npm run up` starts whatever is missing.
# start_web RUN_DIR LOG_DIR PORT [DIST]: Next's standalone server on $PORT ($BERTH_WEB_HOST or all addresses).
start_web() {
  local run_dir=$1 log_dir=$2 port=$3 dist=${4:-.next}
  if pid_alive "$(cat "$run_dir/web.pid" 2>/dev/null)"; then step "web already running (pid $(cat "$run_dir/web.pid"))"; return 0; fi
  # HOSTNAME is set explicitly because shells and containers export their own.
  start_bg "web ($dist/standalone/server.js on :$port)" "$log_dir/web.log" "$run_dir/web.pid" \
    env MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" HOSTNAME="${BERTH_WEB_HOST:-0.0.0.0}" PORT="$port" \
    node --max-semi-space-size=1 --require "$PWD/lib/docker/lazy-deps-preload.cjs" "$dist/standalone/server.js"
}
# lib/docker/lazy-deps-preload.cjs: dockerode's ssh2 and BuildKit-session dependencies load on
# first use, not at start (smaller idle processes; docs/benchmarks.md, Control plane).
# start_worker RUN_DIR LOG_DIR [BUNDLE]: the bundled worker.
start_worker() {
  local run_dir=$1 log_dir=$2 bundle=${3:-dist/worker/index.mjs}
  if pid_alive "$(cat "$run_dir/worker.pid" 2>/dev/null)"; then step "worker already running (pid $(cat "$run_dir/worker.pid"))"; return 0; fi
  start_bg "worker ($bundle)" "$log_dir/worker.log" "$run_dir/worker.pid" \
    env MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" node --max-semi-space-size=1 --require "$PWD/lib/docker/lazy-deps-preload.cjs" --enable-source-maps "$bundle"
}
# stop_pidfile NAME PIDFILE: SIGTERM the process group recorded in PIDFILE, SIGKILL after 15 s.
stop_pidfile() {
  local name=$1 pidfile=$2 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if pid_alive "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local end=$((SECONDS + 15))
    while pid_alive "$pid" && [ $SECONDS -lt $end ]; do sleep 0.3; done
    if pid_alive "$pid"; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
    step "stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}
# stop_nginx DATA_DIR: the apps proxy the worker started for that data dir (its own pid file).
stop_nginx() {
  local pidfile=$1/nginx/nginx.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if pid_alive "$pid" && grep -q nginx "/proc/$pid/cmdline" 2>/dev/null; then
    kill -QUIT "$pid" 2>/dev/null || true
    step "stopped apps proxy nginx (pid $pid)"
  fi
}
# free_port: a TCP port nothing listens on right now (asked from the kernel).
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port)+"\n");s.close()})'
}
# wait_http NAME URL SECONDS PID: wait until URL answers with any HTTP status, fail early if PID died.
wait_http() {
  local name=$1 url=$2 secs=$3 pid=$4 end=$((SECONDS + $3))
  until curl -s -o /dev/null -m 5 "$url"; do
    pid_alive "$pid" || { echo "$name exited during startup" >&2; return 1; }
    [ $SECONDS -ge $end ] && { echo "timed out after ${secs}s waiting for $name at $url" >&2; return 1; }
    sleep 0.5
  done
}
# build_hash: fingerprint of everything `npm run build` (web and worker) reads, to skip rebuilding an unchanged tree.
build_hash() {
  { find app components lib public workers -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.css' -o -name '*.js' -o -name '*.json' -o -name '*.svg' -o -name '*.png' -o -name '*.ico' \) \
      -not -path 'lib/generated/*' -not -name '*.test.ts' -print0 2>/dev/null
    printf '%s\0' next.config.ts proxy.ts instrumentation.ts postcss.config.mjs tsconfig.json package-lock.json prisma/schema.prisma scripts/migrate.ts scripts/build.sh
  } | sort -z | xargs -0 sha256sum 2>/dev/null | sha256sum | cut -c1-16
}
# build_worker OUTDIR: bundle the worker (workers/index.ts and the lib/ it imports) into
# OUTDIR/index.mjs and the migration runner into OUTDIR/../migrate.mjs, run with plain `node`
# (no tsx/esbuild process at run time). npm packages stay external (node_modules).
build_worker() {
  local out=$1
  mkdir -p "$out"
  local -a esbuild=(node_modules/.bin/esbuild --bundle --platform=node --format=esm --target=node20 --packages=external --log-level=warning)
  # The source map names lib/ files and lines for stack traces (node --enable-source-maps) but
  # carries no copy of the sources: the process parses and keeps the whole map, and the sources
  # are on disk anyway.
  "${esbuild[@]}" workers/index.ts --sourcemap --sources-content=false --outfile="$out/index.mjs"
  "${esbuild[@]}" scripts/migrate.ts --outfile="$out/../migrate.mjs"
}
