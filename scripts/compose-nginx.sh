#!/bin/sh
# nginx service of docker-compose.yml: runs Berth's generated edge-proxy config. The config says
# `daemon on`, so this shell stays PID 1 and lives as long as the nginx master does. The worker
# (sharing this pid namespace) rewrites the config and reloads nginx.
set -eu
dir=/var/lib/berth/nginx
mkdir -p "$dir"
until [ -f "$dir/nginx.conf" ]; do echo "waiting for Berth to write $dir/nginx.conf"; sleep 2; done
[ -f "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null || nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
while kill -0 "$(cat "$dir/nginx.pid" 2>/dev/null || echo 0)" 2>/dev/null; do sleep 5; done
echo "nginx exited"; exit 1
