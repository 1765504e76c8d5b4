#!/usr/bin/env bash
# Creates the Kubernetes identity of one VM's node agent, in one step:
#   ServiceAccount vippair-agents/agent-<member>, its rights (read VipPairs in the given
#   namespaces or in all, patch their status, renew its own Lease), a long-lived token
#   Secret, and a kubeconfig file for /etc/vippair/kubeconfig on that VM.
#
# Usage: create-agent-identity.sh [--print] [--out FILE] <member> [namespace...]
#   member      the agent's member name (as in the VipPairs' spec.members[].name)
#   namespace   namespaces whose VipPairs the agent may read; none = every namespace
#   --print     print the objects it would apply and exit (no cluster needed)
#   --out FILE  where to write the kubeconfig (default ./<member>.kubeconfig, mode 0600)
#
# Needs kubectl with a context allowed to create RBAC objects, and the cluster-side objects of
# deploy/agent/cluster applied first (kubectl apply -k deploy/agent/cluster).
set -euo pipefail

readonly AGENT_NAMESPACE=vippair-agents
readonly LEASE_NAMESPACE=vippair-system
readonly TOKEN_WAIT_SECONDS=30

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "create-agent-identity: $*" >&2
  exit 1
}

print_only=false
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --print) print_only=true; shift ;;
    --out) [[ $# -ge 2 ]] || fail "--out needs a file name"; out="$2"; shift 2 ;;
    -h|--help) usage ;;
    --*) fail "unknown option $1 (see --help)" ;;
    *) break ;;
  esac
done
[[ $# -ge 1 ]] || usage
member="$1"
shift
namespaces=("$@")

dns_label='^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'
[[ "$member" =~ $dns_label ]] \
  || fail "member '$member' is not a DNS label (lower-case letters, digits and '-', at most 63): use the name in spec.members[].name"
for ns in "${namespaces[@]}"; do
  [[ "$ns" =~ $dns_label ]] || fail "namespace '$ns' is not a valid namespace name"
done
sa="agent-${member}"
out="${out:-./${member}.kubeconfig}"

# The objects for this agent. The ClusterRole vippair-agent and Lease creation come from
# deploy/agent/cluster; here only bindings and the Role for this agent's own Lease.
manifest() {
  cat <<EOF
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${sa}
  namespace: ${AGENT_NAMESPACE}
  labels:
    app.kubernetes.io/part-of: vippair
    vippair.io/agent: ${member}
---
apiVersion: v1
kind: Secret
metadata:
  name: ${sa}-token
  namespace: ${AGENT_NAMESPACE}
  labels:
    app.kubernetes.io/part-of: vippair
    vippair.io/agent: ${member}
  annotations:
    kubernetes.io/service-account.name: ${sa}
type: kubernetes.io/service-account-token
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: vippair-agent-${member}
  namespace: ${LEASE_NAMESPACE}
  labels:
    app.kubernetes.io/part-of: vippair
    vippair.io/agent: ${member}
rules:
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  resourceNames: [vippair-agent-${member}]
  verbs: [get, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: vippair-agent-${member}
  namespace: ${LEASE_NAMESPACE}
  labels:
    app.kubernetes.io/part-of: vippair
    vippair.io/agent: ${member}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: vippair-agent-${member}
subjects:
- kind: ServiceAccount
  name: ${sa}
  namespace: ${AGENT_NAMESPACE}
EOF
  if [[ ${#namespaces[@]} -eq 0 ]]; then
    cat <<EOF
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: vippair-agent-${member}
  labels:
    app.kubernetes.io/part-of: vippair
    vippair.io/agent: ${member}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: vippair-agent
subjects:
- kind: ServiceAccount
  name: ${sa}
  namespace: ${AGENT_NAMESPACE}
EOF
  fi
  for ns in "${namespaces[@]}"; do
    cat <<EOF
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: vippair-agent-${member}
  namespace: ${ns}
  labels:
    app.kubernetes.io/part-of: vippair
    vippair.io/agent: ${member}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: vippair-agent
subjects:
- kind: ServiceAccount
  name: ${sa}
  namespace: ${AGENT_NAMESPACE}
EOF
  done
}

if [[ "$print_only" == true ]]; then
  manifest
  exit 0
fi

command -v kubectl >/dev/null || fail "kubectl is not on PATH"
kubectl get namespace "$AGENT_NAMESPACE" >/dev/null 2>&1 \
  || fail "namespace $AGENT_NAMESPACE is missing: run 'kubectl apply -k deploy/agent/cluster' first"
[[ ! -e "$out" ]] || fail "$out exists; remove it or pass --out another file"

manifest | kubectl apply -f -

# The token controller fills the Secret asynchronously; wait a bounded time for it.
token=""
for _ in $(seq 1 "$TOKEN_WAIT_SECONDS"); do
  token="$(kubectl -n "$AGENT_NAMESPACE" get secret "${sa}-token" -o jsonpath='{.data.token}' 2>/dev/null || true)"
  [[ -n "$token" ]] && break
  sleep 1
done
[[ -n "$token" ]] || fail "the token of Secret $AGENT_NAMESPACE/${sa}-token did not appear within ${TOKEN_WAIT_SECONDS}s (is the token controller running?)"

server="$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
ca_data="$(kubectl -n "$AGENT_NAMESPACE" get secret "${sa}-token" -o jsonpath='{.data.ca\.crt}')"
[[ -n "$server" ]] || fail "cannot read the API server address from the current kubectl context"

# Written with mode 0600: it holds a credential. The token never goes to stdout or a log.
umask 077
ca_file="$(mktemp)"
trap 'rm -f "$ca_file"' EXIT
printf '%s' "$ca_data" | base64 -d >"$ca_file"
kubectl config --kubeconfig="$out" set-cluster vippair --server="$server" \
  --certificate-authority="$ca_file" --embed-certs=true >/dev/null
kubectl config --kubeconfig="$out" set-credentials "$sa" \
  --token="$(printf '%s' "$token" | base64 -d)" >/dev/null
kubectl config --kubeconfig="$out" set-context vippair --cluster=vippair --user="$sa" >/dev/null
kubectl config --kubeconfig="$out" use-context vippair >/dev/null

echo "created the identity of agent ${member}; kubeconfig written to ${out}"
echo "copy it to the VM as /etc/vippair/kubeconfig (mode 0600) and set member: ${member} in /etc/vippair/agent.yaml"
