#!/bin/sh
# Test app for sleep tests (deploy-fixture + /echo): nginx as a non-root user on $PORT. Prints VERSION and GREETING;
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
    location = /echo {
      client_body_buffer_size 64k;
      proxy_set_header X-Echo-Method \$request_method;
      proxy_set_header X-Echo-Body \$request_body;
      proxy_pass http://127.0.0.1:${PORT}/echo-sink;
    }
    location = /echo-sink { return 200 "method=\$http_x_echo_method body=\$http_x_echo_body\n"; }
    location = /headers { return 200 "host=\$host xff=\$http_x_forwarded_for proto=\$http_x_forwarded_proto xfh=\$http_x_forwarded_host\n"; }
  }
}
CONF
exec nginx -e stderr -c $d/nginx.conf
