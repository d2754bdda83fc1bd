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
