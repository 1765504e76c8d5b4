#!/usr/bin/env bash
# Installs the vippair node agent on one VM (Debian/Ubuntu or CentOS/RHEL-like):
#   Java 17 and keepalived from the distribution, /opt/vippair/node-agent.jar, /usr/bin/vippair-agent,
#   /etc/vippair/agent.yaml (kept if present), /etc/vippair/kubeconfig (if given) and the
#   systemd unit vippair-agent.service. keepalived's own service is disabled: the agent starts
#   and supervises keepalived itself (with --no-start it is only disabled for the next boot; a
#   running keepalived, such as the old scripts' one during a migration, keeps running).
#   Rerunning it with a new jar upgrades the agent without touching a running keepalived (the
#   new agent adopts it; no VRRP change, no VIP move).
#
# Usage: install.sh --jar node-agent.jar [--kubeconfig FILE] [--member NAME] [--namespaces a,b]
#                   [--server URL] [--no-start] [--dry-run]
#   --jar FILE         the node agent jar (node-agent/target/vippair-node-agent.jar)
#   --kubeconfig FILE  from vippair enrol (or create-agent-identity.sh); installed as /etc/vippair/kubeconfig
#   --member NAME      written into a new /etc/vippair/agent.yaml
#   --namespaces a,b   the namespaces the VM was enrolled for: written into /etc/vippair/agent.yaml
#                      (a new or the existing one), so the agent watches only those
#   --server URL       the API server's address as this VM reaches it: written into the kubeconfig
#                      (the one given, else the installed /etc/vippair/kubeconfig)
#   --no-start         install and enable, but do not start the agent now and do not stop a
#                      running keepalived (its service is disabled for the next boot only)
#   --dry-run          print what it would do, change nothing (no root needed)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
os_release="${VIPPAIR_OS_RELEASE:-/etc/os-release}"
jar=""
kubeconfig=""
member=""
namespaces=""
server=""
start=true
dry_run=false

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

usage() {
  # the comment block at the top, up to the first line of code
  sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'
  exit 0
}

# Runs a command, or only prints it with --dry-run.
run() {
  if [[ "$dry_run" == true ]]; then
    echo "+ $*"
  else
    "$@"
  fi
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) [[ $# -ge 2 ]] || fail "--jar needs a file"; jar="$2"; shift 2 ;;
    --kubeconfig) [[ $# -ge 2 ]] || fail "--kubeconfig needs a file"; kubeconfig="$2"; shift 2 ;;
    --member) [[ $# -ge 2 ]] || fail "--member needs a name"; member="$2"; shift 2 ;;
    --namespaces) [[ $# -ge 2 ]] || fail "--namespaces needs a list such as db,web"; namespaces="$2"; shift 2 ;;
    --server) [[ $# -ge 2 ]] || fail "--server needs a URL such as https://10.0.0.5:6443"; server="$2"; shift 2 ;;
    --no-start) start=false; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage ;;
    *) fail "unknown argument $1 (see --help)" ;;
  esac
done

[[ -n "$jar" ]] || fail "--jar is required: the node agent jar (node-agent/target/vippair-node-agent.jar)"
[[ -f "$jar" ]] || fail "--jar $jar: no such file"
[[ -z "$kubeconfig" || -f "$kubeconfig" ]] || fail "--kubeconfig $kubeconfig: no such file"
if [[ -n "$member" && ! "$member" =~ ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$ ]]; then
  fail "--member '$member' is not a DNS label: use spec.members[].name of this VM"
fi
if [[ -n "$namespaces" ]]; then
  IFS=, read -r -a ns_list <<<"$namespaces"
  for ns in "${ns_list[@]}"; do
    [[ "$ns" =~ ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$ ]] \
      || fail "--namespaces: '$ns' is not a namespace name: give the namespaces this VM was enrolled for, comma-separated (db,web)"
  done
fi
if [[ -n "$server" ]]; then
  [[ "$server" =~ ^https://[^/[:space:]#]+/?$ ]] \
    || fail "--server '$server' is not an https:// address: give the API server's address as this VM reaches it, e.g. https://10.0.0.5:6443"
  [[ -n "$kubeconfig" || -e /etc/vippair/kubeconfig ]] \
    || fail "--server needs a kubeconfig to write it into: pass --kubeconfig FILE (from vippair enrol)"
fi
[[ "$dry_run" == true || "$(id -u)" -eq 0 ]] || fail "run as root (or with --dry-run)"
[[ -r "$os_release" ]] || fail "cannot read $os_release to tell the distribution"

# Java 17 and keepalived have different package names per family.
# shellcheck disable=SC1090
os_id="$(. "$os_release"; echo "${ID:-} ${ID_LIKE:-}")"
case " $os_id " in
  *" debian "*|*" ubuntu "*)
    java_pkg=openjdk-17-jre-headless
    install_cmd=(apt-get install -y --no-install-recommends "$java_pkg" keepalived)
    ;;
  *" rhel "*|*" centos "*|*" fedora "*|*" rocky "*|*" almalinux "*|*" tencentos "*|*" opencloudos "*)
    java_pkg=java-17-openjdk-headless
    if command -v dnf >/dev/null; then
      install_cmd=(dnf install -y "$java_pkg" keepalived)
    else
      install_cmd=(yum install -y "$java_pkg" keepalived)
    fi
    ;;
  *)
    fail "unsupported distribution '$os_id': install Java 17 and keepalived 2.x yourself, then rerun on a supported one or copy the files by hand (docs/install.md#agent-on-a-vm)"
    ;;
esac
echo "installing $java_pkg and keepalived"
if [[ "${install_cmd[0]}" == apt-get ]]; then
  run apt-get update -q
fi
run "${install_cmd[@]}"
if [[ "$start" == true ]]; then
  # Debian starts keepalived on install: stop and disable it, the agent runs its own.
  run systemctl disable --now keepalived.service
else
  # A running keepalived may be carrying the VIP (docs/migrating-from-scripts.md step 3): keep
  # it running until the operator stops it; only keep it from coming back at boot.
  run systemctl disable keepalived.service
fi

run install -d -m 0755 /opt/vippair
run install -m 0644 "$jar" /opt/vippair/node-agent.jar
run install -m 0755 "$here/vippair-agent.sh" /usr/bin/vippair-agent
run install -d -m 0750 /etc/vippair
# agent.yaml as it will be: the example with --member for a new file; --namespaces for a new or
# an existing one (its namespaces key is replaced, flow or block list); the rest as it is.
render_agent_yaml() {
  local ns_line=""
  [[ -z "$namespaces" ]] || ns_line="namespaces: [${namespaces//,/, }]"
  awk -v member="$1" -v ns="$ns_line" '
    skipping && /^[[:space:]]*-[[:space:]]/ { next }
    { skipping = 0 }
    member != "" && /^member:/ { print "member: " member; next }
    ns != "" && /^namespaces:/ { print ns; replaced = 1; if ($0 ~ /^namespaces:[[:space:]]*$/) skipping = 1; next }
    { print }
    END { if (ns != "" && !replaced) print ns }
  ' "$2"
}

# Writes stdin to a file with a mode, replacing it in one step.
write_file() {
  local mode="$1" target="$2" tmp
  tmp="$(mktemp "$(dirname "$target")/.vippair.XXXXXX")"
  cat >"$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$target"
}

if [[ -e /etc/vippair/agent.yaml && -z "$namespaces" ]]; then
  echo "keeping the existing /etc/vippair/agent.yaml"
else
  if [[ -e /etc/vippair/agent.yaml ]]; then
    echo "keeping the existing /etc/vippair/agent.yaml, with namespaces: [${namespaces//,/, }]"
    agent_yaml_from=/etc/vippair/agent.yaml
    new_member=""
  else
    agent_yaml_from="$here/agent.yaml"
    new_member="$member"
  fi
  if [[ "$dry_run" == true ]]; then
    echo "+ write /etc/vippair/agent.yaml (mode 0640):"
    render_agent_yaml "$new_member" "$agent_yaml_from" | sed 's/^/    /'
  else
    render_agent_yaml "$new_member" "$agent_yaml_from" | write_file 0640 /etc/vippair/agent.yaml
  fi
fi
if [[ -n "$server" ]]; then
  kubeconfig_from="${kubeconfig:-/etc/vippair/kubeconfig}"
  if [[ "$dry_run" == true ]]; then
    echo "+ write /etc/vippair/kubeconfig (mode 0600) from $kubeconfig_from with server: $server"
  else
    (umask 077; sed -E "s#^([[:space:]]*server:).*#\1 ${server}#" "$kubeconfig_from" | write_file 0600 /etc/vippair/kubeconfig)
  fi
elif [[ -n "$kubeconfig" ]]; then
  run install -m 0600 "$kubeconfig" /etc/vippair/kubeconfig
fi
if [[ "$dry_run" == false && -e /etc/systemd/system/vippair-agent.service ]] \
  && grep -q '^KillMode=mixed' /etc/systemd/system/vippair-agent.service; then
  # releases with that unit stop keepalived when the agent stops, whatever the new unit says
  echo "note: the running agent is of a release that stops keepalived when it stops: this one upgrade restarts keepalived"
  echo "      (a failover if this VM is master: upgrade one VM of a pair at a time); later upgrades leave keepalived running"
fi
run install -m 0644 "$here/vippair-agent.service" /etc/systemd/system/vippair-agent.service
# The launcher's class archive for this jar (the unit's VIPPAIR_CDS_DIR), recorded now so that the
# first start of this version maps it (docs/agent.md, "Start-up"); if that fails the first run records it.
run install -d -m 0755 /var/cache/vippair
if [[ "$dry_run" == true ]]; then
  echo "+ VIPPAIR_CDS_DIR=/var/cache/vippair /usr/bin/vippair-agent record-class-archive"
elif ! VIPPAIR_CDS_DIR=/var/cache/vippair /usr/bin/vippair-agent record-class-archive >/dev/null 2>&1; then
  echo "note: no class archive recorded now (see: VIPPAIR_CDS_DIR=/var/cache/vippair vippair-agent record-class-archive); the agent's first run records it"
fi
run systemctl daemon-reload
run systemctl enable vippair-agent.service

if [[ "$start" == true ]]; then
  if [[ "$dry_run" == false ]] && grep -q '^member: REPLACE-WITH-MEMBER-NAME' /etc/vippair/agent.yaml; then
    echo "not starting: set member in /etc/vippair/agent.yaml, then: systemctl start vippair-agent"
  else
    run systemctl restart vippair-agent.service
  fi
fi
echo "done; follow it with: journalctl -u vippair-agent -f"
