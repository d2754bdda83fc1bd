#!/usr/bin/env bash
# Extra Docker engines on this machine, for multi-host tests: each has its own data-root,
# exec-root, pidfile, socket, cgroup parent, bridge and address pool, so it shares nothing with
# the main engine but the kernel. Images reach it only through the registry (BERTH_REGISTRY on
# 127.0.0.1 is an insecure registry by default), exactly like a remote host.
#
#   scripts/extra-dockerd.sh start NAME INDEX   # INDEX 1..50 picks bridge berthbr<INDEX>, 172.(30+INDEX).0.1/24
#   scripts/extra-dockerd.sh stop NAME INDEX    # stops that engine (by its pidfile) and removes its bridge;
#                                               # CLEAN=1 also deletes its data-root
#   scripts/extra-dockerd.sh status NAME
#
# start prints "started <pid>" or "running <pid>" (already up: leave it alone when done), then
# "root <dir>" (its data directory).
# With TLS_PORT=<port> the engine also listens on tcp://127.0.0.1:<port> with --tlsverify, using a
# throw-away CA made here; the client's ca.pem, cert.pem and key.pem are in
# $BERTH_DATA_DIR/services/dockerd-NAME/tls/ (how a remote tcp:// host is added).
# iptables stay untouched (--iptables=false): the main engine's rules are not ours to rewrite.
# Published ports still work on 127.0.0.1 through docker-proxy; containers get no outbound NAT,
# which app containers of the tests do not need.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
load_env_file

cmd=${1:-}; name=${2:-}; index=${3:-0}
[[ "$name" =~ ^[a-z0-9]{1,8}$ ]] || { echo "usage: $0 start|stop|status NAME INDEX (NAME: 1-8 lowercase letters/digits)" >&2; exit 2; }
DATA_DIR=${BERTH_DATA_DIR:-/var/lib/berth}
root=$DATA_DIR/services/dockerd-$name
exec_root=/run/berth-dockerd-$name
sock=/run/berth-dockerd-$name.sock
pidfile=/run/berth-dockerd-$name.pid
log=$DATA_DIR/logs/dockerd-$name.log
bridge=berthbr$index

# A CA, a server certificate for 127.0.0.1 and a client certificate, valid two days.
make_tls() {
  local dir=$1
  mkdir -p "$dir" && chmod 700 "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=berth-test-ca 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=127.0.0.1 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile server.ext -out server-cert.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout key.pem -out client.csr -subj /CN=berth 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile client.ext -out cert.pem 2>/dev/null
    rm -f server.csr client.csr server.ext client.ext
  )
}

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid; pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

case "$cmd" in
  start)
    [[ "$index" =~ ^[0-9]+$ ]] && [ "$index" -ge 1 ] && [ "$index" -le 50 ] || { echo "INDEX must be 1..50" >&2; exit 2; }
    if pid=$(running_pid) && docker_ok "unix://$sock"; then echo "running $pid"; echo "root $(cat "$exec_root.root" 2>/dev/null || echo "$root")"; exit 0; fi
    mkdir -p "$root/data" "$exec_root" "$(dirname "$log")"
    if ! ip link show "$bridge" >/dev/null 2>&1; then
      ip link add "$bridge" type bridge
      ip addr add "172.$((30 + index)).0.1/24" dev "$bridge"
    fi
    ip link set "$bridge" up
    tls_args=()
    if [ -n "${TLS_PORT:-}" ]; then
      [[ "$TLS_PORT" =~ ^[0-9]{4,5}$ ]] || { echo "TLS_PORT must be a port number" >&2; exit 2; }
      make_tls "$root/tls"
      tls_args=(-H "tcp://127.0.0.1:$TLS_PORT" --tlsverify --tlscacert "$root/tls/ca.pem"
        --tlscert "$root/tls/server-cert.pem" --tlskey "$root/tls/server-key.pem")
    fi
    setsid nohup dockerd "${tls_args[@]}" \
      --data-root "$root/data" --exec-root "$exec_root" --pidfile "$pidfile" -H "unix://$sock" \
      --bridge "$bridge" --iptables=false --ip-masq=false --ip-forward=false \
      --default-address-pool "base=10.$((200 + index)).0.0/16,size=24" \
      --cgroup-parent "/berth-dockerd-$name" \
      >"$log" 2>&1 </dev/null &
    wait_for "dockerd $name" 60 docker_ok "unix://$sock" || fail "dockerd $name did not start" "$log"
    echo "$root" >"$exec_root.root"
    echo "started $(cat "$pidfile")"
    echo "root $root"
    ;;
  stop)
    if pid=$(running_pid); then
      # Its containers and networks first: their bridges live in this machine's namespace and
      # would outlive the engine (stale routes for subnets the next engine may choose).
      ids=$(timeout 20 docker -H "unix://$sock" ps -aq 2>/dev/null || true)
      [ -n "$ids" ] && timeout 60 docker -H "unix://$sock" rm -f $ids >/dev/null 2>&1
      timeout 30 docker -H "unix://$sock" network prune -f >/dev/null 2>&1 || true
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      echo "stopped $pid"
    else
      echo "not running"
    fi
    if [[ "$index" =~ ^[0-9]+$ ]] && [ "$index" -ge 1 ] && ip link show "$bridge" >/dev/null 2>&1; then
      ip link del "$bridge" || true
    fi
    # CLEAN=1: also delete its data (images, containers), e.g. after a test run.
    if [ "${CLEAN:-}" = 1 ] && ! running_pid >/dev/null; then
      used_root=$(cat "$exec_root.root" 2>/dev/null || echo "$root")
      case "$used_root" in */dockerd-"$name") rm -rf "$used_root" ;; esac
      rm -rf "$exec_root" "$exec_root.root"
    fi
    ;;
  status)
    if pid=$(running_pid) && docker_ok "unix://$sock"; then echo "running $pid unix://$sock"; else echo "stopped"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status NAME INDEX" >&2; exit 2 ;;
esac
