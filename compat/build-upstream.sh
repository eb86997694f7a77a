#!/usr/bin/env bash
# Builds the upstream binaries the compatibility lane needs, from Go modules only,
# into a cache keyed by version (nothing built lands in the repository):
#   $KCERT_COMPAT_CACHE/<k8s version>/bin/{kube-apiserver,kube-controller-manager,kube-scheduler,kubectl,e2e.test,etcd,kwok}
# Each step is skipped when its binary already exists, so re-running is cheap.
# Usage: compat/build-upstream.sh [step ...]   steps: k8s-mod server e2e kubectl etcd kwok (default: all)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$HERE/versions.sh"

export GOTOOLCHAIN=local          # fail loudly instead of fetching another toolchain
export CGO_ENABLED=0              # upstream builds these binaries statically
export GOFLAGS=-buildvcs=false
export GOMODCACHE="$KCERT_COMPAT_CACHE/gomod"
export GOCACHE="$KCERT_COMPAT_CACHE/gocache"
# Only the module proxy: a miss must fail instead of trying a VCS over the network.
export GOPROXY="${GOPROXY_OVERRIDE:-https://proxy.golang.org}"

BIN="$COMPAT_VERSION_DIR/bin"
K8S_MOD="$COMPAT_VERSION_DIR/k8s-build"
ETCD_MOD="$COMPAT_VERSION_DIR/etcd-build"
mkdir -p "$BIN" "$K8S_MOD" "$ETCD_MOD"

K8S_MINOR="${K8S_VERSION#v1.}"; K8S_MINOR="${K8S_MINOR%%.*}"
STAGING_VERSION="v0.${K8S_VERSION#v1.}"
TAGS="selinux,notest,grpcnotrace"

log() { printf '[build-upstream %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
timed() { local name=$1; shift; local t0=$SECONDS; "$@"; log "$name took $((SECONDS - t0))s"; }

# Version stamping (hack/lib/version.sh): without it /version reports v0.0.0-master
# and version-gated e2e specs skip themselves.
ldflags() {
  local kv="" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    kv+=" -X '$pkg.gitVersion=$K8S_VERSION' -X '$pkg.gitMajor=1' -X '$pkg.gitMinor=$K8S_MINOR'"
    kv+=" -X '$pkg.gitTreeState=clean' -X '$pkg.gitCommit=$K8S_GIT_COMMIT' -X '$pkg.buildDate=$BUILD_DATE'"
  done
  printf '%s' "-s -w$kv"
}
BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
K8S_GIT_COMMIT="0000000000000000000000000000000000000000"

step_k8s_mod() {
  [[ -f "$K8S_MOD/.ready" ]] && return 0
  cd "$K8S_MOD"
  rm -f go.mod go.sum
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  [[ -n "$gomod" ]] || { log "cannot locate go.mod of k8s.io/kubernetes@$K8S_VERSION"; exit 1; }
  go mod init kcert.local/upstream-k8s >/dev/null 2>&1
  local goline godebug
  goline="$(sed -n 's/^go \(.*\)$/\1/p' "$gomod" | head -1)"
  godebug="$(grep -E '^godebug ' "$gomod" || true)"
  go mod edit -go="$goline"
  [[ -n "$godebug" ]] && printf '\n%s\n' "$godebug" >> go.mod
  # Every staging module the pinned go.mod maps to ./staging becomes a replace to its v0.Y.Z tag.
  local mods m
  mods="$(sed -n 's#^[[:space:]]*\(k8s.io/[A-Za-z0-9._-]*\) => ./staging/src/.*#\1#p' "$gomod")"
  log "staging modules: $(wc -w <<<"$mods")"
  for m in $mods; do go mod edit -replace="$m=$m@$STAGING_VERSION"; done
  go get "k8s.io/kubernetes@$K8S_VERSION"
  go get -t "k8s.io/kubernetes/test/e2e@$K8S_VERSION"
  # A go file that imports the commands keeps their requirements resolved.
  cat > tools.go <<GO
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  touch .ready
}

build_cmd() {
  local name=$1
  [[ -x "$BIN/$name" ]] && { log "$name cached"; return 0; }
  cd "$K8S_MOD"
  go build -mod=mod -trimpath -tags "$TAGS" -ldflags "$(ldflags)" -o "$BIN/$name.tmp" "k8s.io/kubernetes/cmd/$name"
  mv "$BIN/$name.tmp" "$BIN/$name"
}

step_server() {
  timed kube-apiserver build_cmd kube-apiserver
  timed kube-controller-manager build_cmd kube-controller-manager
  timed kube-scheduler build_cmd kube-scheduler
}

step_kubectl() { timed kubectl build_cmd kubectl; }

step_e2e() {
  [[ -x "$BIN/e2e.test" ]] && { log "e2e.test cached"; return 0; }
  cd "$K8S_MOD"
  # -vet=off: go test -c runs vet by default, which is slow and wants gcc for cgo deps.
  timed e2e.test go test -c -mod=mod -vet=off -trimpath -tags "$TAGS" -ldflags "$(ldflags)" \
    -o "$BIN/e2e.test.tmp" k8s.io/kubernetes/test/e2e
  mv "$BIN/e2e.test.tmp" "$BIN/e2e.test"
}

step_etcd() {
  [[ -x "$BIN/etcd" ]] && { log "etcd cached"; return 0; }
  cd "$ETCD_MOD"
  if [[ ! -f go.mod ]]; then
    go mod init kcert.local/upstream-etcd >/dev/null 2>&1
    go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  fi
  timed etcd go build -mod=mod -trimpath -ldflags "-s -w" -o "$BIN/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$BIN/etcd.tmp" "$BIN/etcd"
}

step_kwok() {
  [[ -x "$BIN/kwok" ]] && { log "kwok cached"; return 0; }
  timed kwok env GOBIN="$BIN" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  # The standalone binary has no built-in stages; the lane passes the module's "fast" set.
  go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p' > "$COMPAT_VERSION_DIR/kwok-module-dir"
}

STEPS=("$@")
[[ ${#STEPS[@]} -gt 0 ]] || STEPS=(k8s-mod server e2e kubectl etcd kwok)
log "k8s $K8S_VERSION etcd $ETCD_VERSION kwok $KWOK_VERSION -> $BIN ($(go version))"
for s in "${STEPS[@]}"; do
  log "step $s"
  case "$s" in
    k8s-mod) timed k8s-mod step_k8s_mod ;;
    server) step_server ;;
    e2e) step_e2e ;;
    kubectl) step_kubectl ;;
    etcd) step_etcd ;;
    kwok) step_kwok ;;
    *) log "unknown step $s"; exit 2 ;;
  esac
done
log "done"
