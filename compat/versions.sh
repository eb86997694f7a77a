# Versions of the upstream compatibility lane: one place, sourced by every compat script
# (compat/run.ts reads the same assignments). Change a version here and the cache key changes with it.
K8S_VERSION="${K8S_VERSION:-v1.36.3}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
KCERT_COMPAT_CACHE="${KCERT_COMPAT_CACHE:-$HOME/.cache/kcert-compat}"
COMPAT_VERSION_DIR="$KCERT_COMPAT_CACHE/$K8S_VERSION"
