#!/bin/sh
# vippair-agent: starts the vippair node agent. Installed as /usr/bin/vippair-agent by the
# .deb/.rpm packages (which bring their own Java runtime in /opt/vippair/runtime) and by
# install.sh (which installs the distribution's Java 17). The systemd unit runs this command.
#
# Usage: vippair-agent [--config /etc/vippair/agent.yaml] [flags]   (vippair-agent --help lists them)
#        vippair-agent record-class-archive   (with VIPPAIR_CDS_DIR: the packages and install.sh run it)
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

# Class-data sharing for the agent's own classes halves its start-up CPU (docs/performance.md).
# With VIPPAIR_CDS_DIR set (the unit sets it; the packages create the directory) the first run
# records an archive when it stops and later runs map it. The name follows the jar, so an
# upgraded agent records a new one; a stale or broken archive is ignored (-Xshare:auto). A run
# that stopped before it got going (say, member not set yet) leaves a small archive (about 1 MB,
# a running agent's is about 30 MB): it is recorded again.
#
# record-class-archive records it at once instead: the agent's start path against a throwaway
# API server on 127.0.0.1 (nothing of the VM touched: docs/agent.md, "Start-up"). The packages
# and install.sh run it after an install or upgrade, so the first start of a new version maps an
# archive too. It is written beside the final name and renamed into place only when complete: a
# running agent may map the archive of the same name (a reinstall), and a file it maps must never
# be rewritten under it.
# Small heap and one compiler thread: the agent's footprint settings (docs/performance.md).
default_opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -Xmx32m -XX:+ExitOnOutOfMemoryError"
cds_ok() { [ -n "${VIPPAIR_CDS_DIR:-}" ] && [ -d "$VIPPAIR_CDS_DIR" ] && [ -w "$VIPPAIR_CDS_DIR" ]; }
if [ "${1:-}" = record-class-archive ]; then
  cds_ok || { echo "vippair-agent record-class-archive: VIPPAIR_CDS_DIR (${VIPPAIR_CDS_DIR:-unset}) must be a writable directory, e.g. /var/cache/vippair" >&2; exit 2; }
  archive="$VIPPAIR_CDS_DIR/agent-$(stat -c %s-%Y "$jar").jsa"
  fresh="$VIPPAIR_CDS_DIR/agent-recording-$$.jsa"
  rc=0
  # at a lower priority: background work during an install, beside the VM's own service
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  nice -n 10 "$java" ${JAVA_OPTS:-$default_opts} -XX:ArchiveClassesAtExit="$fresh" -jar "$jar" record-class-archive || rc=$?
  if [ "$rc" -eq 0 ] && [ -f "$fresh" ] && [ "$(stat -c %s "$fresh")" -gt 8000000 ]; then
    find "$VIPPAIR_CDS_DIR" -maxdepth 1 -name 'agent-*.jsa' ! -path "$archive" ! -path "$fresh" -delete
    mv -f "$fresh" "$archive"
    echo "vippair-agent: class archive $archive recorded"
    exit 0
  fi
  rm -f "$fresh"
  echo "vippair-agent: no class archive recorded (training exit code $rc); the service's first run records it" >&2
  exit 1
fi

cds=""
if cds_ok; then
  archive="$VIPPAIR_CDS_DIR/agent-$(stat -c %s-%Y "$jar").jsa"
  if [ -f "$archive" ] && [ "$(stat -c %s "$archive")" -gt 8000000 ]; then
    cds="-Xshare:auto -XX:SharedArchiveFile=$archive"
  else
    find "$VIPPAIR_CDS_DIR" -maxdepth 1 -name 'agent-*.jsa' -delete
    cds="-XX:ArchiveClassesAtExit=$archive"
  fi
fi

# shellcheck disable=SC2086 # JAVA_OPTS and cds are lists of flags
exec "$java" ${JAVA_OPTS:-$default_opts} $cds -jar "$jar" "$@"
