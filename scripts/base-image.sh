#!/usr/bin/env bash
# Builds berth/base:bookworm from Debian's own mirror: no image registry is needed anywhere.
set -euo pipefail
MIRROR=$(grep -hoE '^URIs: *http[^ ]*debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}')
MIRROR=${MIRROR:-$(grep -hoE '^deb +http[^ ]+debian/? ' /etc/apt/sources.list 2>/dev/null | head -n1 | awk '{print $2}')}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
DIR=$(mktemp -d /var/tmp/berth-base.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
debootstrap --variant=minbase bookworm "$DIR" "$MIRROR"
# Keep apt small and non-interactive inside images built from this base.
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$DIR/etc/apt/apt.conf.d/90berth"
rm -rf "$DIR"/var/cache/apt/archives/*.deb "$DIR"/var/lib/apt/lists/*
tar -C "$DIR" -c . | docker import -c 'ENV DEBIAN_FRONTEND=noninteractive' -c 'CMD ["/bin/bash"]' - berth/base:bookworm
echo "built berth/base:bookworm from $MIRROR"
