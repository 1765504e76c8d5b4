#!/usr/bin/env bash
# The agent's footprint on the package's own Java runtime (docs/performance.md, "Agent package"):
# start -> first report and -> all reports, CPU, RSS with N pairs, via
# node-agent's AgentFootprintBenchmark (one network namespace, real keepalived, mock API server).
# Needs root. Writes the numbers to packaging/target/agent-footprint.txt.
#
# Usage: packaging/bench-agent.sh [pairs (10)] [idle seconds (30)]
#   BENCH_JVM_FLAGS="-XX:SharedArchiveFile=..."  extra flags for the agent JVM
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
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), pairs=$pairs"
  echo "# runtime: $stage/runtime ($("$stage/runtime/bin/java" -version 2>&1 | head -1)), flags: ${BENCH_JVM_FLAGS:-none extra}"
  java -Dbench.java="$stage/runtime/bin/java" -Dbench.jar="$stage/node-agent.jar" \
    -Dbench.jvmFlags="${BENCH_JVM_FLAGS:-}" -cp "$cp" io.vippair.agent.bench.AgentFootprintBenchmark "$pairs" "$idle"
} 2>&1 | tee -a "$out"
echo "appended to $out"
