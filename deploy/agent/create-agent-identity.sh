#!/usr/bin/env bash
# Creates the Kubernetes identity of ONE VM's node agent with kubectl only:
#   ServiceAccount vippair-agents/agent-<member>, its rights (read VipPairs in the given
#   namespaces or in all, patch their status, renew its own Lease), a token that expires
#   (kubectl create token, the TokenRequest API), and a kubeconfig for /etc/vippair/kubeconfig.
# For many VMs use `vippair enrol --file VMS.yaml` (docs/install.md#enrol-a-fleet): it makes the
# same objects (a test compares them) for the whole fleet in one run. Running this again renews
# the token; copy the new kubeconfig over the old one, the agent reads it again by itself.
#
# Usage: create-agent-identity.sh [--print] [--out FILE] [--server URL] [--token-ttl 720h] <member> [namespace...]
#   member         the agent's member name (as in the VipPairs' spec.members[].name)
#   namespace      namespaces whose VipPairs the agent may read; none = every namespace
#   --print        print the objects it would apply and exit (no cluster needed)
#   --out FILE     where to write the kubeconfig (default ./<member>.kubeconfig, mode 0600; replaced)
#   --server URL   the API server's address as the VM reaches it (default: the current context's)
#   --token-ttl D  how long the token lasts (default 720h; the API server may cap it)
#
# Needs kubectl 1.24+ with a context allowed to create RBAC objects and tokens, and the
# cluster-side objects of deploy/agent/cluster applied first (kubectl apply -k deploy/agent/cluster).
set -euo pipefail

readonly AGENT_NAMESPACE=vippair-agents
readonly LEASE_NAMESPACE=vippair-system

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "create-agent-identity: $*" >&2
  exit 1
}

print_only=false
out=""
server=""
ttl=720h
while [[ $# -gt 0 ]]; do
  case "$1" in
    --print) print_only=true; shift ;;
    --out) [[ $# -ge 2 ]] || fail "--out needs a file name"; out="$2"; shift 2 ;;
    --server) [[ $# -ge 2 ]] || fail "--server needs a URL"; server="$2"; shift 2 ;;
    --token-ttl) [[ $# -ge 2 ]] || fail "--token-ttl needs a duration such as 720h"; ttl="$2"; shift 2 ;;
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
  [[ "$ns" != "$AGENT_NAMESPACE" && "$ns" != "$LEASE_NAMESPACE" ]] \
    || fail "namespace $ns holds the agents' identities and Leases, not VipPairs: give the namespaces of this VM's VipPairs"
done
[[ -z "$server" || "$server" =~ ^https://[^/[:space:]]+/?$ ]] \
  || fail "--server '$server' is not an https:// address: give the API server's address as the VM reaches it, e.g. https://10.0.0.5:6443"
[[ "$ttl" =~ ^[0-9]+[smh]$ ]] || fail "--token-ttl '$ttl' is not a duration: give e.g. 720h or 90m"
sa="agent-${member}"
out="${out:-./${member}.kubeconfig}"

# The objects for this agent, the same as vippair enrol's (cli AgentIdentity; EnrolScriptParityTest
# compares them). The ClusterRole vippair-agent and Lease creation come from deploy/agent/cluster;
# here only bindings and the Role for this agent's own Lease. No token Secret: tokens expire.
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

manifest | kubectl apply -f -

# TokenRequest: the token expires (the API server may shorten --duration to its own maximum).
token="$(kubectl -n "$AGENT_NAMESPACE" create token "$sa" --duration="$ttl")" \
  || fail "kubectl could not create a token for $AGENT_NAMESPACE/$sa (kubectl 1.24+, and your user needs serviceaccounts/token)"
[[ -n "$server" ]] || server="$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
[[ -n "$server" ]] || fail "cannot read the API server address from the current kubectl context: pass --server"
# the cluster's CA, as every namespace publishes it; else the one of the current context
ca_pem="$(kubectl -n "$AGENT_NAMESPACE" get configmap kube-root-ca.crt -o jsonpath='{.data.ca\.crt}' 2>/dev/null || true)"
if [[ -z "$ca_pem" ]]; then
  ca_pem="$(kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d)"
fi
[[ -n "$ca_pem" ]] || fail "no CA certificate: neither ConfigMap $AGENT_NAMESPACE/kube-root-ca.crt nor the current context has one"

# Written with mode 0600: it holds a credential. The token never goes to stdout, a log or a
# command line (the same layout as vippair enrol's kubeconfigs).
umask 077
tmp_out="$(mktemp "$(dirname "$out")/.kubeconfig.XXXXXX")"
trap 'rm -f "$tmp_out"' EXIT
cat >"$tmp_out" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: vippair
  cluster:
    server: ${server}
    certificate-authority-data: $(printf '%s\n' "$ca_pem" | base64 -w0)
users:
- name: ${sa}
  user:
    token: "${token}"
contexts:
- name: vippair
  context:
    cluster: vippair
    user: ${sa}
current-context: vippair
EOF
# replaced in one step: an agent reading it never sees half a file
mv -f "$tmp_out" "$out"

echo "created the identity of agent ${member}; kubeconfig for ${server} written to ${out} (token for ${ttl})"
echo "copy it to the VM as /etc/vippair/kubeconfig (mode 0600) and set member: ${member} in /etc/vippair/agent.yaml"
