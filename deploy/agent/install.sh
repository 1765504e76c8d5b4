#!/bin/sh
# Installs the vippair node agent on a VM (Debian/Ubuntu/CentOS with systemd).
#   sudo ./install.sh --member cvm-a --kubeconfig /path/to/agent-kubeconfig [--jar vippair-node-agent.jar]
# Idempotent: run it again to upgrade the jar; an existing /etc/vippair/agent.yaml is kept.
set -eu

MEMBER=""
KUBECONFIG_SRC=""
JAR="$(dirname "$0")/../../node-agent/target/vippair-node-agent.jar"

while [ $# -gt 0 ]; do
  case "$1" in
    --member) MEMBER="$2"; shift 2 ;;
    --kubeconfig) KUBECONFIG_SRC="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 2; }
[ -f "$JAR" ] || { echo "install.sh: no agent jar at $JAR; build it (./mvnw -pl node-agent -am package) or pass --jar" >&2; exit 2; }
command -v java >/dev/null || { echo "install.sh: Java 17+ is required (apt-get install openjdk-17-jre-headless)" >&2; exit 2; }
command -v keepalived >/dev/null || { echo "install.sh: keepalived is required (apt-get install keepalived / yum install keepalived)" >&2; exit 2; }

install -d -m 755 /opt/vippair /etc/vippair
install -m 644 "$JAR" /opt/vippair/vippair-node-agent.jar

if [ -n "$KUBECONFIG_SRC" ]; then
  install -m 600 "$KUBECONFIG_SRC" /etc/vippair/kubeconfig
fi

if [ ! -f /etc/vippair/agent.yaml ]; then
  [ -n "$MEMBER" ] || { echo "install.sh: --member is required for a first install (the name this VM has in spec.members)" >&2; exit 2; }
  umask 077
  cat > /etc/vippair/agent.yaml <<YAML
# vippair node agent settings; see docs/agent.md for every setting.
member: $MEMBER
kubeconfig: /etc/vippair/kubeconfig
# namespaces: [db, web]        # default: all namespaces
# leaseNamespace: vippair-system
# metricsPort: 9190
# localChecks:                 # exec checks a VipPair may reference by name (healthCheck.local)
#   mysql:
#     exec: [/usr/bin/mysqladmin, --defaults-file=/etc/vippair/mysql.cnf, ping]
#     timeoutSeconds: 2
YAML
fi

# the agent runs keepalived itself; the distribution's service would start a second one
if systemctl is-enabled --quiet keepalived 2>/dev/null; then
  systemctl disable --now keepalived
fi

install -m 644 "$(dirname "$0")/vippair-agent.service" /etc/systemd/system/vippair-agent.service
systemctl daemon-reload
systemctl enable vippair-agent.service
systemctl restart vippair-agent.service
echo "vippair-agent installed; follow it with: journalctl -u vippair-agent -f"
