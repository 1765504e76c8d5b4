#!/usr/bin/env bash
# Brings vippair up on a local kind cluster and smoke-checks it, where Docker and kind exist.
# It cannot run on this project's build machines (no Docker engine); there it is only linted.
#
#   deploy/kind/up.sh [--with-agents]
#
# Steps: create the kind cluster (deploy/kind/kind-config.yaml), build the jars and the images
# (Jib, to tar files), load them into kind, install the CRD, the operator pointed at the cloud
# emulator (deploy/kind), the agents' cluster objects (deploy/agent), then create the smoke
# pair (deploy/kind/smoke-pair.yaml) and wait until the operator has taken it over.
# --with-agents also builds the agent image and runs the agent DaemonSet on the workers.
set -euo pipefail

readonly CLUSTER=vippair
readonly REGISTRY=docker.io/vippair
readonly TAG=0.1.0-SNAPSHOT
readonly WAIT_SECONDS=180

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
with_agents=false
for arg in "$@"; do
  case "$arg" in
    --with-agents) with_agents=true ;;
    *) echo "up.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }
fail() { echo "up.sh: $*" >&2; exit 1; }

for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed; this script needs docker, kind and kubectl"
done
docker info >/dev/null 2>&1 || fail "the Docker engine is not reachable (docker info failed)"

step "kind cluster $CLUSTER"
if kind get clusters | grep -qx "$CLUSTER"; then
  echo "reusing the existing cluster"
else
  kind create cluster --config deploy/kind/kind-config.yaml --wait 120s
fi
kubectl config use-context "kind-$CLUSTER" >/dev/null

step "build jars and images"
./mvnw -B -q -DskipTests install
images=(images/operator images/cloud-emulator)
if [[ "$with_agents" == true ]]; then
  # The agent image needs keepalived, which Jib cannot install: build its base with docker.
  docker build -q -f images/node-agent/Dockerfile.base -t "$REGISTRY/vippair-node-agent-base:$TAG" images/node-agent
  images+=(images/node-agent)
fi
modules="$(IFS=,; echo "${images[*]}")"
# a local try: the JRE base is whatever its tag is today (releases pin it, docs/releasing.md)
./mvnw -B -q -Pimages -pl "$modules" package jib:buildTar -Dimage.allowUnpinnedBase=true \
  -Dimage.registry="$REGISTRY" -Dimage.tag="$TAG" \
  -Dimage.agentBase="docker://$REGISTRY/vippair-node-agent-base:$TAG"
for module in "${images[@]}"; do
  kind load image-archive "$module/target/jib-image.tar" --name "$CLUSTER"
done

step "install"
# Server-side apply, as docs/install.md shows (no last-applied copy of each object).
kubectl apply --server-side -k deploy/kind
kubectl wait --for=condition=Established crd/vippairs.vippair.io --timeout=60s
kubectl apply --server-side -k deploy/agent
if [[ "$with_agents" == true ]]; then
  kubectl apply --server-side -k deploy/agent/daemonset
fi
kubectl -n vippair-system rollout status deployment/vippair-cloud-emulator --timeout="${WAIT_SECONDS}s"
kubectl -n vippair-system rollout status deployment/vippair-operator --timeout="${WAIT_SECONDS}s"

step "smoke pair"
kubectl create namespace vippair-smoke --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -f deploy/kind/smoke-pair.yaml

# The operator labels each pair with its members and sets a phase: proof that the CRD, the
# RBAC, leader election and the cloud endpoint all work together.
deadline=$((SECONDS + WAIT_SECONDS))
until kubectl -n vippair-smoke get vippair smoke -o jsonpath='{.metadata.labels}' | grep -q 'member.vippair.io/vippair-worker' \
    && [[ -n "$(kubectl -n vippair-smoke get vippair smoke -o jsonpath='{.status.phase}')" ]]; do
  if (( SECONDS > deadline )); then
    kubectl -n vippair-smoke get vippair smoke -o yaml || true
    kubectl -n vippair-system logs deployment/vippair-operator --tail=50 || true
    fail "the operator did not take over the smoke pair within ${WAIT_SECONDS}s"
  fi
  sleep 2
done
kubectl -n vippair-smoke get vippairs

step "metrics"
kubectl get --raw "/api/v1/namespaces/vippair-system/services/vippair-operator-metrics:8080/proxy/metrics" \
  | grep -E '^vippair_(leader|pairs)' || fail "the operator's /metrics has no vippair_leader or vippair_pairs"

step "smoke check passed"
echo "delete the cluster with: kind delete cluster --name $CLUSTER"
