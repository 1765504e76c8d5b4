#!/bin/sh
# vippair-agent: starts the vippair node agent. Installed as /usr/bin/vippair-agent by the
# .deb/.rpm packages (which bring their own Java runtime in /opt/vippair/runtime) and by
# install.sh (which installs the distribution's Java 17). The systemd unit runs this command.
#
# Usage: vippair-agent [--config /etc/vippair/agent.yaml] [flags]   (vippair-agent --help lists them)
# JAVA_OPTS replaces the JVM flags below (the unit sets its own).
set -eu

home="${VIPPAIR_HOME:-/opt/vippair}"
jar="$home/node-agent.jar"
if [ -x "$home/runtime/bin/java" ]; then
  java="$home/runtime/bin/java"
elif java="$(command -v java)"; then
  :
else
  echo "vippair-agent: no Java runtime: neither $home/runtime/bin/java (the package's) nor java on PATH (install.sh installs Java 17)" >&2
  exit 1
fi
[ -r "$jar" ] || { echo "vippair-agent: $jar is missing; reinstall the vippair-agent package or rerun install.sh" >&2; exit 1; }

# Small heap and one compiler thread: the agent's footprint settings (docs/performance.md).
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec "$java" ${JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -Xmx32m -XX:+ExitOnOutOfMemoryError} -jar "$jar" "$@"
