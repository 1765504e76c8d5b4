#!/usr/bin/env bash
# The agent's footprint on the package's own Java runtime (docs/performance.md, "Agent package"):
# start -> first report and -> all reports, CPU, RSS with N pairs, via
# node-agent's AgentFootprintBenchmark (one network namespace, real keepalived, mock API server).
# Needs root. Writes the numbers to packaging/target/agent-footprint.txt.
#
# Three runs: without an archive of the agent's classes, recording one (as the launcher does on
# the first start), with it (every later start).
# Usage: packaging/bench-agent.sh [pairs (10)] [idle seconds (30)]
#   BENCH_JVM_FLAGS="..."  extra flags for the agent JVM
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
pairs="${1:-10}"
idle="${2:-30}"
stage=packaging/target/stage/opt/vippair
out=packaging/target/agent-footprint.txt

[[ "$(id -u)" -eq 0 ]] || { echo "bench-agent.sh: run as root (network namespaces)" >&2; exit 1; }
./mvnw -B -q -pl packaging -am install -DskipTests
./mvnw -B -q -o -pl node-agent dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="node-agent/target/test-classes:node-agent/target/classes:$(cat node-agent/target/test-classpath.txt)"
archive="$(pwd)/packaging/target/bench-agent.jsa"
rm -f "$archive"

bench() { # bench LABEL IDLE_SECONDS JVM_FLAGS
  echo "## $1 (extra flags: ${3:-none})"
  java -Dbench.java="$stage/runtime/bin/java" -Dbench.jar="$stage/node-agent.jar" -Dbench.jvmFlags="$3" \
    -cp "$cp" io.vippair.agent.bench.AgentFootprintBenchmark "$pairs" "$2" 2>&1 | grep -v 'WARN io.fabric8'
}

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), pairs=$pairs"
  echo "# runtime: $stage/runtime ($("$stage/runtime/bin/java" -version 2>&1 | head -1)) with the unit's JVM flags"
  bench "bundled runtime, first start (no archive of the agent's classes yet)" "$idle" "${BENCH_JVM_FLAGS:-}"
  bench "recording the archive, as the launcher does on the first start" 1 "${BENCH_JVM_FLAGS:-} -XX:ArchiveClassesAtExit=$archive"
  bench "bundled runtime with the archive, as from the second start on" "$idle" "${BENCH_JVM_FLAGS:-} -XX:SharedArchiveFile=$archive"
} | tee -a "$out"
echo "appended to $out"
