#!/usr/bin/env bash
# Idempotent setup for a Debian/Ubuntu machine, run as root. Installs what is missing, starts
# each service that is not already answering (no systemd needed), prepares .env, installs npm
# dependencies, generates the Prisma client, applies migrations and builds the runtime images.
# Safe to re-run. Services already reachable (or given by URL in the environment) are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null \
  || fail "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))"

load_env_file
DATA_DIR=${BERTH_DATA_DIR:-/var/lib/berth}
LOG_DIR=$DATA_DIR/logs
SVC_DIR=$DATA_DIR/services
mkdir -p "$LOG_DIR" "$SVC_DIR"

# --- 1. System packages --------------------------------------------------------------------------
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have dockerd || need+=(docker.io)
[ -x /usr/lib/postgresql/15/bin/postgres ] || have pg_ctlcluster || need+=(postgresql)
have redis-server || need+=(redis-server)
have nginx || need+=(nginx)
have git || need+=(git)
have debootstrap || need+=(debootstrap)
have chromium || need+=(chromium)
have docker-registry || need+=(docker-registry)
have iptables || need+=(iptables)
have ss || need+=(iproute2) # ss -K: the proxy aborts connections stalled on a cut-off host
have wrk || need+=(wrk)
have curl || need+=(curl)
have docker-compose || need+=(docker-compose) # only to validate docker-compose.yml in tests
have psql || need+=(postgresql-client)
have pebble || need+=(pebble) # ACME test server (and pebble-challtestsrv) for the certificate tests
[ -x /usr/sbin/sshd ] || need+=(openssh-server) # ssh:// host tests run a private sshd on 127.0.0.1
if [ ${#need[@]} -gt 0 ]; then
  step "installing ${need[*]} (log: $LOG_DIR/apt.log)"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${need[@]}" ca-certificates; } >"$LOG_DIR/apt.log" 2>&1 || fail "apt-get install failed" "$LOG_DIR/apt.log"
else
  step "system packages present"
fi

# --- 2. .env ---------------------------------------------------------------------------------------
if [ ! -f .env ]; then
  step "writing .env (from .env.example, with a fresh BERTH_SECRET_KEY)"
  sed -e "s|^BERTH_SECRET_KEY=.*|BERTH_SECRET_KEY=$(openssl rand -hex 32)|" \
      -e "s|^BERTH_DATA_DIR=.*|BERTH_DATA_DIR=$DATA_DIR|" .env.example >.env
fi
load_env_file

# --- 3. Services -----------------------------------------------------------------------------------
# User namespaces: the local engine runs with `userns-remap` (docs/security.md), so root in an app
# or build container is an unprivileged uid on this machine. BERTH_USERNS_REMAP=off turns it off
# (setup then removes the setting and restarts the engine it started).
USERNS_REMAP=${BERTH_USERNS_REMAP:-default}
DAEMON_JSON=/etc/docker/daemon.json
configure_userns() {
  if [ "$USERNS_REMAP" != off ]; then
    [ "$USERNS_REMAP" = default ] || fail "BERTH_USERNS_REMAP must be default or off (got $USERNS_REMAP)" ""
    if ! id dockremap >/dev/null 2>&1; then
      step "creating system user dockremap (owner of the engine's remapped uid range)"
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin dockremap
    fi
    add_subordinate_range /etc/subuid
    add_subordinate_range /etc/subgid
  fi
  # daemon.json is merged, not overwritten: other settings an operator put there stay.
  mkdir -p "$(dirname "$DAEMON_JSON")"
  node -e '
    const fs = require("fs"); const [file, remap] = process.argv.slice(1);
    let conf = {}; try { conf = JSON.parse(fs.readFileSync(file, "utf8")); } catch (e) { if (e.code !== "ENOENT") throw e; }
    const before = JSON.stringify(conf);
    if (remap === "off") delete conf["userns-remap"]; else conf["userns-remap"] = remap;
    if (JSON.stringify(conf) !== before) fs.writeFileSync(file, JSON.stringify(conf, null, 2) + "\n");
  ' "$DAEMON_JSON" "$USERNS_REMAP" || fail "could not update $DAEMON_JSON" ""
}
# add_subordinate_range FILE: 65536 ids for dockremap, after every range already in FILE.
add_subordinate_range() {
  local file=$1
  touch "$file"
  grep -q '^dockremap:' "$file" && return 0
  local start
  start=$(awk -F: 'BEGIN { e = 100000 } NF == 3 && $2 + $3 > e { e = $2 + $3 } END { print e }' "$file")
  echo "dockremap:$start:65536" >>"$file"
  step "added dockremap:$start:65536 to $file"
}
# True when the engine at $1 runs with user-namespace remapping.
engine_remapped() { timeout 10 docker -H "$1" info --format '{{json .SecurityOptions}}' 2>/dev/null | grep -q 'name=userns'; }

start_docker() {
  local sock=unix:///var/run/docker.sock pid
  configure_userns
  if docker_ok "$sock"; then
    local want=yes have=no
    [ "$USERNS_REMAP" = off ] && want=no
    engine_remapped "$sock" && have=yes
    if [ "$want" = "$have" ]; then step "docker engine already running (userns-remap: $USERNS_REMAP)"; return; fi
    # Running with the other setting. Restart it only if it is the dockerd this script starts
    # (its pidfile, no other flags that we would drop); a dockerd run by systemd or by hand is
    # the operator's: say what to do instead.
    pid=$(cat /var/run/docker.pid 2>/dev/null || true)
    if [ -z "$pid" ] || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qx 'dockerd --pidfile /var/run/docker.pid -H unix:///var/run/docker.sock '; then
      fail "the running dockerd was not started by this script; restart it so it reads $DAEMON_JSON (userns-remap: $USERNS_REMAP)" ""
    fi
    # Remapped and plain engines keep images in separate storage roots (<data-root>/<uid>.<gid>),
    # so the base and runtime images are carried over (save/load keeps their hash labels: the
    # image step below then finds them current instead of rebuilding for many minutes).
    local carry=$SVC_DIR/images-carry.tar images
    images=$(docker -H "$sock" images --format '{{.Repository}}:{{.Tag}}' | grep -E '^berth/(base:bookworm|runtime-[a-z]+:latest)$' || true)
    rm -f "$carry"
    if [ -n "$images" ]; then
      step "saving $(echo "$images" | wc -l) base/runtime images to carry them over ($carry)"
      # shellcheck disable=SC2086 # one image reference per word
      timeout 900 docker -H "$sock" save -o "$carry" $images || { step "could not save them: they will be rebuilt"; rm -f "$carry"; }
    fi
    step "restarting dockerd (pid $pid) for userns-remap: $USERNS_REMAP; its containers stop"
    kill -TERM "$pid"
    wait_for "dockerd to stop" 90 sh -c '! kill -0 "$0"' "$pid" || fail "dockerd (pid $pid) did not stop" "$LOG_DIR/dockerd.log"
  fi
  step "starting dockerd (log: $LOG_DIR/dockerd.log)"
  setsid nohup dockerd --pidfile /var/run/docker.pid -H unix:///var/run/docker.sock \
    >>"$LOG_DIR/dockerd.log" 2>&1 </dev/null &
  wait_for "docker engine" 240 docker_ok unix:///var/run/docker.sock || fail "dockerd did not start" "$LOG_DIR/dockerd.log"
  if [ "$USERNS_REMAP" != off ]; then engine_remapped "$sock" || fail "dockerd started without userns-remap" "$LOG_DIR/dockerd.log"; fi
  if [ -f "${carry:-}" ]; then
    step "loading the carried-over images"
    timeout 900 docker -H "$sock" load -q -i "$carry" || step "could not load them: they will be rebuilt"
    rm -f "$carry"
  fi
}

start_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then step "postgresql already running"; else
    step "starting postgresql 15 (log: /var/log/postgresql/postgresql-15-main.log)"
    if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then pg_createcluster 15 main >/dev/null; fi
    pg_ctlcluster 15 main start || fail "postgresql did not start" /var/log/postgresql/postgresql-15-main.log
    wait_for "postgresql" 30 pg_isready -q -h 127.0.0.1 -p 5432 || fail "postgresql not ready" /var/log/postgresql/postgresql-15-main.log
  fi
  # Role and database from DATABASE_URL (only when it points at this machine's server).
  local user pass db
  user=$(node -e 'const u=new URL(process.argv[1]);console.log(decodeURIComponent(u.username))' "$DATABASE_URL")
  pass=$(node -e 'const u=new URL(process.argv[1]);console.log(decodeURIComponent(u.password))' "$DATABASE_URL")
  db=$(node -e 'const u=new URL(process.argv[1]);console.log(u.pathname.slice(1))' "$DATABASE_URL")
  if [ "$(echo "SELECT 1 FROM pg_roles WHERE rolname = :'r'" | psql_admin -tA -v r="$user")" != 1 ]; then
    step "creating database role $user"
    echo "CREATE ROLE :\"r\" LOGIN CREATEDB PASSWORD :'p'" | psql_admin -v r="$user" -v p="$pass" >/dev/null
  fi
  if [ "$(echo "SELECT 1 FROM pg_database WHERE datname = :'d'" | psql_admin -tA -v d="$db")" != 1 ]; then
    step "creating database $db"
    echo "CREATE DATABASE :\"d\" OWNER :\"r\"" | psql_admin -v d="$db" -v r="$user" >/dev/null
  fi
}
# psql as the postgres superuser; SQL on stdin so :'var' interpolation quotes values safely.
psql_admin() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"); }

start_redis() {
  if redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG; then step "redis already running"; return; fi
  step "starting redis (AOF on, noeviction; log: $LOG_DIR/redis.log)"
  mkdir -p "$SVC_DIR/redis"
  redis-server --port 6379 --bind 127.0.0.1 --dir "$SVC_DIR/redis" --appendonly yes \
    --maxmemory-policy noeviction --daemonize yes --pidfile "$SVC_DIR/redis/redis.pid" \
    --logfile "$LOG_DIR/redis.log"
  wait_for "redis" 20 sh -c 'redis-cli -u "$0" ping | grep -q PONG' "$REDIS_URL" || fail "redis did not start" "$LOG_DIR/redis.log"
}

start_registry() {
  if curl -fsS -m 2 "http://$BERTH_REGISTRY/v2/" >/dev/null 2>&1; then step "registry already running"; return; fi
  step "starting docker-registry on $BERTH_REGISTRY (log: $LOG_DIR/registry.log)"
  mkdir -p "$SVC_DIR/registry"
  cat >"$SVC_DIR/registry/config.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $SVC_DIR/registry/data
  delete:
    enabled: true
http:
  addr: $BERTH_REGISTRY
YAML
  setsid nohup docker-registry serve "$SVC_DIR/registry/config.yml" >"$LOG_DIR/registry.log" 2>&1 </dev/null &
  wait_for "registry" 20 curl -fsS -m 2 "http://$BERTH_REGISTRY/v2/" || fail "registry did not start" "$LOG_DIR/registry.log"
}

# Every running container makes a kernel session keyring owned by its remapped root, so all apps
# share one uid's key quota (200 by default): past ~200 running containers (a sleeping app's network
# holder runs too, lib/deploys/held-network.ts) starts fail with "unable to create session key:
# disk quota exceeded". Raised like LXD's production settings.
raise_key_quota() {
  local keys=/proc/sys/kernel/keys
  [ -w "$keys/maxkeys" ] || return 0
  [ "$(cat "$keys/maxkeys")" -ge 5000 ] || echo 5000 >"$keys/maxkeys"
  [ "$(cat "$keys/maxbytes")" -ge 500000 ] || echo 500000 >"$keys/maxbytes"
}
raise_key_quota
[ "${DOCKER_HOST:-unix:///var/run/docker.sock}" = unix:///var/run/docker.sock ] && start_docker
case "$DATABASE_URL" in *@127.0.0.1:5432/*|*@localhost:5432/*) start_postgres ;; *) step "using external PostgreSQL";; esac
case "$REDIS_URL" in redis://127.0.0.1:6379*|redis://localhost:6379*) start_redis ;; *) step "using external Redis";; esac
start_registry

# --- 4. Node dependencies, Prisma client, migrations --------------------------------------------
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci (log: $LOG_DIR/npm.log)"
  if ! npm ci --no-audit --no-fund >"$LOG_DIR/npm.log" 2>&1; then
    # npm 11 as configured on these machines leaves other platforms' optional packages out of
    # package-lock.json, and `npm ci` then calls the lock "out of sync" (EUSAGE). `npm install`
    # still takes every version from the lock, so fall back to it for that case only.
    grep -q 'EUSAGE' "$LOG_DIR/npm.log" || fail "npm ci failed" "$LOG_DIR/npm.log"
    step "npm ci refused the lock file (optional platform packages); installing from it with npm install"
    npm install --no-audit --no-fund >>"$LOG_DIR/npm.log" 2>&1 || fail "npm install failed" "$LOG_DIR/npm.log"
  fi
fi
step "generating the Prisma client"
bash scripts/prisma-generate.sh >"$LOG_DIR/prisma.log" 2>&1 || fail "prisma generate failed" "$LOG_DIR/prisma.log"
step "applying migrations"
npx --no-install tsx scripts/migrate.ts || fail "migrations failed" ""

# --- 5. Base and runtime images --------------------------------------------------------------------
if ! docker image inspect berth/base:bookworm >/dev/null 2>&1; then
  step "building berth/base:bookworm with debootstrap (log: $LOG_DIR/base-image.log)"
  bash scripts/base-image.sh >"$LOG_DIR/base-image.log" 2>&1 || fail "base image build failed" "$LOG_DIR/base-image.log"
fi
if [ -f scripts/images.ts ]; then
  step "runtime, starter and add-on images (log: $LOG_DIR/images.log)"
  npx --no-install tsx scripts/images.ts >"$LOG_DIR/images.log" 2>&1 || fail "runtime image build failed" "$LOG_DIR/images.log"
fi

step "setup complete — logs in $LOG_DIR"
