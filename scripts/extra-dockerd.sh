#!/usr/bin/env bash
# Extra Docker engines on this machine, for multi-host tests. Each runs in its own network
# namespace (berth-NAME) joined to this machine by a veth pair on 10.200.INDEX.0/30: the host side
# is 10.200.INDEX.1, the engine 10.200.INDEX.2. Its bridges, routes and published ports live in
# that namespace, so an engine can never touch the main engine's or another engine's bridges
# (an extra engine in the host namespace once deleted docker0 when it restarted after an unclean
# stop). It also has its own data-root, exec-root, pidfile, unix socket and cgroup parent.
#
#   scripts/extra-dockerd.sh start NAME INDEX      # INDEX 1..50 picks the /30 above
#   scripts/extra-dockerd.sh stop NAME INDEX       # stops the engine and everything it runs, removes
#                                                  # the namespace; CLEAN=1 also deletes its data-root
#   scripts/extra-dockerd.sh status NAME INDEX
#   scripts/extra-dockerd.sh kill NAME INDEX       # crash: SIGKILL the engine, containerd, shims and
#                                                  # every container process (start brings it back)
#   scripts/extra-dockerd.sh partition NAME INDEX [drop|link]   # cut it off: iptables DROP on its
#                                                  # veth inside the namespace (default), or the veth down
#   scripts/extra-dockerd.sh heal NAME INDEX       # undo partition
#
# start prints "started <pid>" or "running <pid>" (already up: leave it alone when done), then
# "root <dir>" (its data directory), "url <docker url>" (tcp on its veth address: how Berth reaches
# it, and what a partition cuts), "address <ip>" (where its published ports answer) and
# "socket <unix url>" (a file, so it still works during a partition: for the tests' own checks).
# Without TLS_PORT the engine listens on plain tcp://10.200.INDEX.2:2375 (reachable from this
# machine only). With TLS_PORT=<port> it listens on tcp://10.200.INDEX.2:<port> with --tlsverify
# instead, using a throw-away CA made here; the client's ca.pem, cert.pem and key.pem are in
# $BERTH_DATA_DIR/services/dockerd-NAME/tls/.
# EXTRA_DOCKERD_ARGS="--flag value ..." is passed to dockerd as is (split on blanks), e.g.
# "--userns-remap default".
# Images reach it through the registry: BERTH_REGISTRY on 127.0.0.1 is carried into the namespace
# through a unix socket by two scripts/netns-forward.mjs processes, so the same image references work.
# iptables of this machine stay untouched; the engine runs with --iptables=false in its namespace
# (published ports through docker-proxy; containers get no outbound NAT, which test apps do not need).
# DOCKERD_IPTABLES=true (or false, the default) lets it manage iptables as a real host's engine does (DOCKER-USER, the
# DOCKER-ISOLATION chains between its bridges): in its own namespace's tables only.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
load_env_file

cmd=${1:-}; name=${2:-}; index=${3:-0}
[[ "$name" =~ ^[a-z0-9]{1,8}$ ]] || { echo "usage: $0 start|stop|status|kill|partition|heal NAME INDEX (NAME: 1-8 lowercase letters/digits)" >&2; exit 2; }
[[ "$index" =~ ^[0-9]+$ ]] && [ "$index" -ge 1 ] && [ "$index" -le 50 ] || { echo "INDEX must be 1..50" >&2; exit 2; }
[[ "${DOCKERD_IPTABLES:-false}" =~ ^(true|false)$ ]] || { echo "DOCKERD_IPTABLES must be true or false" >&2; exit 2; }
DATA_DIR=${BERTH_DATA_DIR:-/var/lib/berth}
root=$DATA_DIR/services/dockerd-$name
exec_root=/run/berth-dockerd-$name
sock=/run/berth-dockerd-$name.sock
pidfile=/run/berth-dockerd-$name.pid
reg_sock=/run/berth-dockerd-$name.registry.sock
fwd_pids=(/run/berth-dockerd-$name.fwd-host.pid /run/berth-dockerd-$name.fwd-ns.pid)
log=$DATA_DIR/logs/dockerd-$name.log
ns=berth-$name
veth_host=bh-$name
veth_ns=bn-$name
host_ip=10.200.$index.1
engine_ip=10.200.$index.2
# nsenter enters only the network namespace (ip netns exec would also remount /sys, hiding the
# cgroup mounts dockerd needs).
in_ns() { nsenter --net="/run/netns/$ns" -- "$@"; }

# A CA, a server certificate for the engine's address and a client certificate, valid two days.
make_tls() {
  local dir=$1
  mkdir -p "$dir" && chmod 700 "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=berth-test-ca 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj "/CN=$engine_ip" 2>/dev/null
    printf 'subjectAltName=IP:%s\nextendedKeyUsage=serverAuth\n' "$engine_ip" >server.ext
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

# The namespace and its veth pair (idempotent).
setup_netns() {
  ip netns list | grep -qx "$ns\( .*\)\?" || ip netns add "$ns"
  if ! ip link show "$veth_host" >/dev/null 2>&1; then
    ip link add "$veth_host" type veth peer name "$veth_ns"
    ip link set "$veth_ns" netns "$ns"
  fi
  ip addr replace "$host_ip/30" dev "$veth_host"
  ip link set "$veth_host" up
  in_ns ip link set lo up
  in_ns ip addr replace "$engine_ip/30" dev "$veth_ns"
  in_ns ip link set "$veth_ns" up
  in_ns ip route replace default via "$host_ip"
}

# The registry on this machine's loopback, at the same address inside the namespace.
start_forwarders() {
  local reg=${BERTH_REGISTRY:-}
  [[ "$reg" =~ ^(127\.0\.0\.1|localhost):([0-9]+)$ ]] || return 0
  local port=${BASH_REMATCH[2]} fwd=scripts/netns-forward.mjs
  if ! pid_alive "$(cat "${fwd_pids[0]}" 2>/dev/null)"; then
    setsid nohup node "$fwd" "unix:$reg_sock" "tcp:127.0.0.1:$port" >>"$log.fwd" 2>&1 </dev/null &
    echo $! >"${fwd_pids[0]}"
  fi
  if ! pid_alive "$(cat "${fwd_pids[1]}" 2>/dev/null)"; then
    setsid nohup nsenter --net="/run/netns/$ns" -- node "$fwd" "tcp:127.0.0.1:$port" "unix:$reg_sock" >>"$log.fwd" 2>&1 </dev/null &
    echo $! >"${fwd_pids[1]}"
  fi
}

# Every process of this engine: those in its namespace (dockerd, containerd, shims, docker-proxy,
# the inner forwarder) and the containers' processes (in its cgroup parent, own namespaces).
engine_pids() {
  { ip netns pids "$ns" 2>/dev/null || true
    find /sys/fs/cgroup/pids/berth-dockerd-"$name" -name cgroup.procs -exec cat {} + 2>/dev/null || true
  } | sort -u
}
kill_all() {
  local pids; pids=$(engine_pids)
  [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
  for f in "${fwd_pids[@]}"; do pid_alive "$(cat "$f" 2>/dev/null)" && kill -KILL "$(cat "$f")" 2>/dev/null; rm -f "$f"; done
  return 0
}

print_info() {
  echo "root $(cat "$exec_root.root" 2>/dev/null || echo "$root")"
  echo "url $(cat "$exec_root.url" 2>/dev/null || echo "tcp://$engine_ip:2375")"
  echo "address $engine_ip"
  echo "socket unix://$sock"
}

case "$cmd" in
  start)
    if pid=$(running_pid) && docker_ok "unix://$sock"; then echo "running $pid"; print_info; exit 0; fi
    mkdir -p "$root/data" "$exec_root" "$(dirname "$log")"
    setup_netns
    start_forwarders
    if [ -n "${TLS_PORT:-}" ]; then
      [[ "$TLS_PORT" =~ ^[0-9]{4,5}$ ]] || { echo "TLS_PORT must be a port number" >&2; exit 2; }
      make_tls "$root/tls"
      url=tcp://$engine_ip:$TLS_PORT
      tcp_args=(-H "$url" --tlsverify --tlscacert "$root/tls/ca.pem"
        --tlscert "$root/tls/server-cert.pem" --tlskey "$root/tls/server-key.pem")
    else
      url=tcp://$engine_ip:2375
      tcp_args=(-H "$url")
    fi
    read -r -a extra_args <<<"${EXTRA_DOCKERD_ARGS:-}"
    setsid nohup nsenter --net="/run/netns/$ns" -- dockerd "${tcp_args[@]}" "${extra_args[@]}" \
      --data-root "$root/data" --exec-root "$exec_root" --pidfile "$pidfile" -H "unix://$sock" \
      --iptables="${DOCKERD_IPTABLES:-false}" --ip-masq=false --ip-forward=false \
      --cgroup-parent "/berth-dockerd-$name" \
      >"$log" 2>&1 </dev/null &
    wait_for "dockerd $name" 60 docker_ok "unix://$sock" || fail "dockerd $name did not start" "$log"
    echo "$root" >"$exec_root.root"
    echo "$url" >"$exec_root.url"
    echo "started $(cat "$pidfile")"
    print_info
    ;;
  stop)
    if pid=$(running_pid); then
      ids=$(timeout 20 docker -H "unix://$sock" ps -aq 2>/dev/null || true)
      [ -n "$ids" ] && timeout 60 docker -H "unix://$sock" rm -f $ids >/dev/null 2>&1
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      echo "stopped $pid"
    else
      echo "not running"
    fi
    # Whatever is left of it (after a kill: shims, containers, forwarders), then its namespace:
    # deleting the namespace deletes the veth pair and every bridge the engine made in it.
    kill_all
    ip netns del "$ns" 2>/dev/null || true
    ip link del "$veth_host" 2>/dev/null || true
    rm -f "$reg_sock"
    # dockerd bind-mounts its data-root onto itself, and containers' layers below it: an engine
    # that was killed leaves those mounts behind (deepest first, lazily: nothing uses them now).
    used_root=$(cat "$exec_root.root" 2>/dev/null || echo "$root")
    for r in "$used_root/" "$exec_root/"; do
      awk -v r="$r" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    done
    # CLEAN=1: also delete its data (images, containers), e.g. after a test run.
    if [ "${CLEAN:-}" = 1 ] && ! running_pid >/dev/null; then
      case "$used_root" in */dockerd-"$name") rm -rf "$used_root" 2>/dev/null || true ;; esac
      rm -rf "$exec_root" "$exec_root.root" "$exec_root.url"
    fi
    ;;
  status)
    if pid=$(running_pid) && docker_ok "unix://$sock"; then echo "running $pid"; print_info; else echo "stopped"; exit 1; fi
    ;;
  kill)
    pid=$(running_pid || true)
    kill_all
    echo "killed ${pid:-nothing}"
    ;;
  partition)
    case "${4:-drop}" in
      drop)
        in_ns iptables -C INPUT -i "$veth_ns" -j DROP 2>/dev/null || in_ns iptables -I INPUT -i "$veth_ns" -j DROP
        in_ns iptables -C OUTPUT -o "$veth_ns" -j DROP 2>/dev/null || in_ns iptables -I OUTPUT -o "$veth_ns" -j DROP ;;
      link) ip link set "$veth_host" down ;;
      *) echo "partition mode: drop or link" >&2; exit 2 ;;
    esac
    echo "partitioned $engine_ip"
    ;;
  heal)
    while in_ns iptables -D INPUT -i "$veth_ns" -j DROP 2>/dev/null; do :; done
    while in_ns iptables -D OUTPUT -o "$veth_ns" -j DROP 2>/dev/null; do :; done
    ip link set "$veth_host" up
    echo "healed $engine_ip"
    ;;
  *)
    echo "usage: $0 start|stop|status|kill|partition|heal NAME INDEX" >&2; exit 2 ;;
esac
