#!/usr/bin/env bash
# Extra Docker engines on this machine, for multi-host tests: each has its own data-root,
# exec-root, pidfile, socket, cgroup parent, bridge and address pool, so it shares nothing with
# the main engine but the kernel. Images reach it only through the registry (BERTH_REGISTRY on
# 127.0.0.1 is an insecure registry by default), exactly like a remote host.
#
#   scripts/extra-dockerd.sh start NAME INDEX   # INDEX 1..50 picks bridge berthbr<INDEX>, 172.(30+INDEX).0.1/24
#   scripts/extra-dockerd.sh stop NAME INDEX    # stops that engine (by its pidfile) and removes its bridge
#   scripts/extra-dockerd.sh status NAME
#
# start prints "started <pid>" or "running <pid>" (already up: leave it alone when done).
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

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid; pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

case "$cmd" in
  start)
    [[ "$index" =~ ^[0-9]+$ ]] && [ "$index" -ge 1 ] && [ "$index" -le 50 ] || { echo "INDEX must be 1..50" >&2; exit 2; }
    if pid=$(running_pid) && docker_ok "unix://$sock"; then echo "running $pid"; exit 0; fi
    mkdir -p "$root/data" "$exec_root" "$(dirname "$log")"
    if ! ip link show "$bridge" >/dev/null 2>&1; then
      ip link add "$bridge" type bridge
      ip addr add "172.$((30 + index)).0.1/24" dev "$bridge"
    fi
    ip link set "$bridge" up
    setsid nohup dockerd \
      --data-root "$root/data" --exec-root "$exec_root" --pidfile "$pidfile" -H "unix://$sock" \
      --bridge "$bridge" --iptables=false --ip-masq=false --ip-forward=false \
      --default-address-pool "base=10.$((200 + index)).0.0/16,size=24" \
      --cgroup-parent "/berth-dockerd-$name" \
      >"$log" 2>&1 </dev/null &
    wait_for "dockerd $name" 60 docker_ok "unix://$sock" || fail "dockerd $name did not start" "$log"
    echo "started $(cat "$pidfile")"
    ;;
  stop)
    if pid=$(running_pid); then
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
    ;;
  status)
    if pid=$(running_pid) && docker_ok "unix://$sock"; then echo "running $pid unix://$sock"; else echo "stopped"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status NAME INDEX" >&2; exit 2 ;;
esac
