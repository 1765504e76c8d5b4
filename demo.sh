#!/usr/bin/env bash
# vippair in one command: three keepalived pairs in network namespaces, node agents, the operator
# and an emulated Tencent VPC; a master is killed and the failover is shown as it happens.
#   sudo ./demo.sh           run the demo and clean up
#   sudo ./demo.sh --keep    leave the lab running to look around with kubectl (Ctrl-C ends it)
set -euo pipefail
cd "$(dirname "$0")"

if [ "$(id -u)" != 0 ]; then
  echo "the demo creates network namespaces and runs keepalived: run it as root (sudo ./demo.sh)" >&2
  exit 1
fi

missing=()
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v keepalived >/dev/null 2>&1 || [ -x /usr/sbin/keepalived ] || missing+=(keepalived)
command -v ping >/dev/null 2>&1 || missing+=(iputils-ping)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "please install: ${missing[*]} (Debian/Ubuntu package names)" >&2
    exit 1
  fi
fi

lab_jar=lab/target/vippair-lab.jar
build=0
for jar in operator/target/vippair-operator.jar node-agent/target/vippair-node-agent.jar "$lab_jar"; do
  [ -f "$jar" ] || build=1
done
if [ $build = 0 ] && [ -n "$(find pom.xml crds mock-apiserver cloud-emulator operator node-agent lab \
    \( -name '*.java' -o -name 'pom.xml' -o -name '*.yaml' \) -path '*src*' -newer "$lab_jar" -print -quit 2>/dev/null)" ]; then
  build=1
fi
if [ $build = 1 ]; then
  echo "building the operator, the node agent and the lab (./mvnw package, tests skipped) ..."
  ./mvnw -B -q -DskipTests -pl lab -am package
fi

exec java -jar "$lab_jar" demo "$@"
