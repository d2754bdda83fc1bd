# Image for docker-compose.yml (web, worker, nginx share it). Not built on the development machine
# (it has no image registry); a production host pulls the Node base image from Docker Hub.
ARG NODE_IMAGE=node:20-bookworm-slim
FROM ${NODE_IMAGE}
# iproute2: `ss -K` (the worker aborts nginx's connections stalled on a cut-off host, lib/proxy).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git nginx-light ca-certificates curl iptables iproute2 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# npm run build: Next's standalone server (.next/standalone) and the bundled worker (dist/worker).
RUN bash scripts/prisma-generate.sh && bash scripts/build.sh
# The same small-footprint flags as scripts/lib.sh start_web/start_worker (docs/benchmarks.md, Control plane).
ENV NODE_ENV=production BERTH_NGINX_BIN=/usr/sbin/nginx HOSTNAME=0.0.0.0 PORT=3000 MALLOC_ARENA_MAX=2
EXPOSE 3000
CMD ["node", "--max-semi-space-size=1", "--require", "./lib/docker/lazy-deps-preload.cjs", ".next/standalone/server.js"]
