#!/usr/bin/env bash
# Starts (and stops) an upstream Kubernetes control plane on loopback for the compatibility lane:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok with two fake Nodes whose
# pods turn Running and Ready (kwok's "fast" stages). Binaries come from compat/build-upstream.sh.
#
#   compat/start-upstream.sh start <state-dir>   # prints the admin kubeconfig path on the last line
#   compat/start-upstream.sh stop  <state-dir>   # stops every component (reverse order) by its pid file
# UPSTREAM_COMPONENTS=api starts only etcd and kube-apiserver (the API benchmark). Besides the
# kubeconfig (client certificate), <state-dir>/admin-token holds a bearer token with the same rights.
#
# Run it inside compat/in-netns.sh: pod, node and Service addresses (10.0.0.0/8) are then local to a
# private network namespace, so nothing the apiserver proxies to can leave the machine.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$HERE/versions.sh"
BIN="${UPSTREAM_BIN:-$COMPAT_VERSION_DIR/bin}"

SERVICE_CIDR=10.96.0.0/16
FIRST_SERVICE_IP=10.96.0.1
CLUSTER_CIDR=10.244.0.0/16
# Endpoint validation rejects loopback, so the apiserver must advertise a non-loopback address
# (research §6.1). Nothing dials it: no kube-proxy runs, and in-netns.sh makes 10/8 local.
ADVERTISE_ADDRESS="${ADVERTISE_ADDRESS:-10.0.0.10}"
NODES=(kwok-node-0 kwok-node-1)

log() { printf '[start-upstream %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Waits until a command succeeds; on timeout prints what it last saw. WATCH names a component
# whose exit ends the wait early (no point polling a dead apiserver for minutes).
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds)) out=""
  while ((SECONDS < deadline)); do
    if out="$("$@" 2>&1)"; then return 0; fi
    [[ -z "${WATCH:-}" ]] || alive "$STATE" "$WATCH"
    sleep 0.5
  done
  die "timed out after ${seconds}s waiting for $what; last output: ${out:0:400}"
}

make_pki() {
  local d=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -sha256 -subj "/CN=kcert-compat-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  # One certificate serves the apiserver and authenticates the admin (as kwokctl does):
  # O=system:masters gives cluster-admin without any RBAC object.
  cat > "$d/admin.ext" <<EXT
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:127.0.0.1,IP:$FIRST_SERVICE_IP,IP:$ADVERTISE_ADDRESS
EXT
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/O=system:masters/CN=kcert-admin" \
    -keyout "$d/admin.key" -out "$d/admin.csr" 2>/dev/null
  openssl x509 -req -in "$d/admin.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 30 -sha256 \
    -extfile "$d/admin.ext" -out "$d/admin.crt" 2>/dev/null
  # A static bearer token for clients that speak tokens only (bench/ApiTarget); system:masters.
  printf '%s,kcert-admin,kcert-admin,"system:masters"\n' "$(openssl rand -hex 24)" > "$d/tokens.csv"
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

write_kubeconfig() {
  local d=$1 port=$2 p=$1/pki
  cat > "$d/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: upstream
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $(base64 -w0 "$p/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(base64 -w0 "$p/admin.crt")
    client-key-data: $(base64 -w0 "$p/admin.key")
contexts:
- name: upstream
  context: {cluster: upstream, user: admin}
current-context: upstream
KC
}

# Starts a component in the background, logging to <state>/logs/<name>.log, pid in <state>/pids/<name>.
spawn() {
  local d=$1 name=$2; shift 2
  "$@" > "$d/logs/$name.log" 2>&1 &
  echo $! > "$d/pids/$name"
  echo "$name" >> "$d/pids/order"
}

alive() { kill -0 "$(cat "$1/pids/$2")" 2>/dev/null || die "$2 exited; see $1/logs/$2.log: $(tail -5 "$1/logs/$2.log")"; }

# The lane's own kubectl when built, else the newest one the machine ships (±3 minors is fine for
# the few create/get calls made here).
KUBECTL="${KUBECTL:-$BIN/kubectl}"
[[ -x "$KUBECTL" ]] || KUBECTL=/usr/lib/google-cloud-sdk/bin/kubectl.1.33
kubectl_() { "$KUBECTL" --kubeconfig "$STATE/kubeconfig" "$@"; }

nodes_ready() {
  local n
  for n in "${NODES[@]}"; do
    [[ "$(kubectl_ get node "$n" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]] || return 1
    [[ -z "$(kubectl_ get node "$n" -o jsonpath='{.spec.taints}')" ]] || { echo "$n still tainted"; return 1; }
  done
}

start() {
  STATE=$1
  START_OK=0
  # A start that fails half-way must not leave components running.
  trap '[[ $START_OK == 1 ]] || stop "$STATE"' EXIT
  [[ -x "$BIN/kube-apiserver" && -x "$BIN/etcd" && -x "$BIN/kwok" ]] || die "binaries missing in $BIN (run compat/build-upstream.sh)"
  mkdir -p "$STATE/pki" "$STATE/logs" "$STATE/pids"
  : > "$STATE/pids/order"
  make_pki "$STATE/pki"
  local P="$STATE/pki"
  local etcd_port etcd_peer api_port kcm_port sched_port kwok_port
  etcd_port=$(free_port); etcd_peer=$(free_port); api_port=$(free_port)
  kcm_port=$(free_port); sched_port=$(free_port); kwok_port=$(free_port)
  write_kubeconfig "$STATE" "$api_port"
  cut -d, -f1 "$P/tokens.csv" > "$STATE/admin-token"
  # etcd's data lives on tmpfs when available: fsync on 2 cores dominates otherwise.
  local data_root=/dev/shm; [[ -w $data_root ]] || data_root="$STATE"
  local etcd_data; etcd_data="$(mktemp -d "$data_root/kcert-compat-etcd.XXXXXX")"
  echo "$etcd_data" > "$STATE/etcd-data-dir"

  log "etcd on 127.0.0.1:$etcd_port"
  spawn "$STATE" etcd "$BIN/etcd" --name=node0 --data-dir="$etcd_data" \
    --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
    --listen-peer-urls="http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer" \
    --initial-cluster="node0=http://127.0.0.1:$etcd_peer" --listen-metrics-urls="" \
    --unsafe-no-fsync --quota-backend-bytes=8589934592 --auto-compaction-retention=1
  WATCH=etcd wait_for "etcd /health" 60 bash -c "curl -fsS http://127.0.0.1:$etcd_port/health | grep -q true"

  log "kube-apiserver on 127.0.0.1:$api_port (advertises $ADVERTISE_ADDRESS)"
  spawn "$STATE" kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --secure-port="$api_port" --advertise-address="$ADVERTISE_ADDRESS" \
    --tls-cert-file="$P/admin.crt" --tls-private-key-file="$P/admin.key" --client-ca-file="$P/ca.crt" \
    --token-auth-file="$P/tokens.csv" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-signing-key-file="$P/sa.key" --service-account-key-file="$P/sa.pub" \
    --authorization-mode=Node,RBAC --allow-privileged=true \
    --service-cluster-ip-range="$SERVICE_CIDR" --service-node-port-range=30000-32767
  WATCH=kube-apiserver wait_for "kube-apiserver /readyz" 180 \
    curl -fsS --cacert "$P/ca.crt" --cert "$P/admin.crt" --key "$P/admin.key" "https://127.0.0.1:$api_port/readyz"

  if [[ "${UPSTREAM_COMPONENTS:-all}" == api ]]; then
    START_OK=1
    log "ready (etcd and kube-apiserver only): $("$BIN/kube-apiserver" --version)"
    echo "$STATE/kubeconfig"
    return 0
  fi

  log "kube-controller-manager and kube-scheduler"
  spawn "$STATE" kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig="$STATE/kubeconfig" --authentication-kubeconfig="$STATE/kubeconfig" --authorization-kubeconfig="$STATE/kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$kcm_port" --leader-elect=false \
    --service-account-private-key-file="$P/sa.key" --root-ca-file="$P/ca.crt" --use-service-account-credentials=true \
    --cluster-signing-cert-file="$P/ca.crt" --cluster-signing-key-file="$P/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --cluster-cidr="$CLUSTER_CIDR" --allocate-node-cidrs=false \
    --node-monitor-period=5s --node-monitor-grace-period=40s
  spawn "$STATE" kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig="$STATE/kubeconfig" --authentication-kubeconfig="$STATE/kubeconfig" --authorization-kubeconfig="$STATE/kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$sched_port" --leader-elect=false

  # kwok manages only Nodes annotated as fake; the node lease keeps them Ready (research §4.3: the
  # standalone default of 0 lets them go NotReady). No kwok server: exec/logs on fake pods fail fast.
  local kwok_dir; kwok_dir="$(cat "$COMPAT_VERSION_DIR/kwok-module-dir")"
  log "kwok with stages from $kwok_dir/kustomize/stage/fast"
  spawn "$STATE" kwok "$BIN/kwok" --kubeconfig="$STATE/kubeconfig" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake --node-lease-duration-seconds=40 \
    --cidr=10.244.250.0/24 --node-ip=10.0.1.1 --config="$kwok_dir/kustomize/stage/fast"

  local i=0 n
  for n in "${NODES[@]}"; do
    kubectl_ apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: $n
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels: {kubernetes.io/hostname: $n, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok}
spec:
  podCIDR: 10.244.$i.0/24
  podCIDRs: [10.244.$i.0/24]
status:
  addresses: [{type: InternalIP, address: 10.0.1.$((i + 1))}, {type: Hostname, address: $n}]
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
  nodeInfo: {architecture: amd64, operatingSystem: linux, kubeletVersion: fake, kubeProxyVersion: fake, containerRuntimeVersion: fake}
NODE
    i=$((i + 1))
  done
  wait_for "2 Ready untainted Nodes" 120 nodes_ready
  for c in kube-controller-manager kube-scheduler kwok; do alive "$STATE" "$c"; done
  wait_for "ServiceAccount default/default" 60 kubectl_ get serviceaccount default -n default
  wait_for "Endpoints default/kubernetes" 60 bash -c "'$KUBECTL' --kubeconfig '$STATE/kubeconfig' get endpoints kubernetes -n default -o jsonpath='{.subsets[0].addresses[0].ip}' | grep -q ."
  log "ready: $("$BIN/kube-apiserver" --version)"
  START_OK=1
  echo "$STATE/kubeconfig"
}

stop() {
  STATE=$1
  [[ -f "$STATE/pids/order" ]] || return 0
  local name pid
  for name in $(tac "$STATE/pids/order"); do
    pid="$(cat "$STATE/pids/$name" 2>/dev/null || true)"
    [[ -n "$pid" ]] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$STATE/pids/$name"
  done
  : > "$STATE/pids/order"
  if [[ -f "$STATE/etcd-data-dir" ]]; then rm -rf "$(cat "$STATE/etcd-data-dir")"; rm -f "$STATE/etcd-data-dir"; fi
  log "stopped"
}

case "${1:-}" in
  start) [[ -n "${2:-}" ]] || die "usage: $0 start <state-dir>"; start "$2" ;;
  stop) [[ -n "${2:-}" ]] || die "usage: $0 stop <state-dir>"; stop "$2" ;;
  *) die "usage: $0 start|stop <state-dir>" ;;
esac
