#!/usr/bin/env bash
# Runs a command in a private network namespace that has only loopback, so the lane cannot send
# traffic to any non-loopback address. 10.0.0.0/8 (the lane's pod, node, Service and advertise
# addresses) is routed locally: a proxy or exec to a fake pod is refused at once instead of leaving
# the machine. Needs root (or CAP_SYS_ADMIN + CAP_NET_ADMIN).
#   compat/in-netns.sh <command> [args...]
set -euo pipefail
if [[ "${KCERT_COMPAT_IN_NETNS:-}" == 1 ]]; then exec "$@"; fi
exec unshare --net -- bash -c '
  set -e
  ip link set lo up
  ip route add local 10.0.0.0/8 dev lo
  export KCERT_COMPAT_IN_NETNS=1
  exec "$@"' in-netns "$@"
