#!/bin/sh
# Test app for deploy tests: nginx as a non-root user on $PORT. Prints VERSION and GREETING;
# FAIL=1 makes every request a 500 (a release that fails its health check).
set -e
d=/tmp/web
mkdir -p $d/www
printf 'version=%s greeting=%s\n' "${VERSION:-none}" "${GREETING:-}" > $d/www/index.html
if [ -n "$FAIL" ]; then rule='return 500;'; else rule='try_files /index.html =404;'; fi
cat > $d/nginx.conf <<CONF
daemon off;
pid $d/nginx.pid;
error_log stderr warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $d/cb; proxy_temp_path $d/p; fastcgi_temp_path $d/f; uwsgi_temp_path $d/u; scgi_temp_path $d/s;
  keepalive_requests 100000;
  server {
    listen ${PORT};
    root $d/www;
    default_type text/plain;
    location / { $rule }
    location = /headers { return 200 "host=\$host xff=\$http_x_forwarded_for proto=\$http_x_forwarded_proto xfh=\$http_x_forwarded_host\n"; }
  }
}
CONF
exec nginx -e stderr -c $d/nginx.conf
