#!/usr/bin/env bash
# Checks the agent packages that `./mvnw verify` left in packaging/target, as root on a Debian
# machine with keepalived and Debian's rpm package (.ci/run installs both):
#   - the bundled runtime has every module the agent jar needs (jdeps);
#   - the .deb installs with dpkg (its postinst records the agent's class archive, which the unit's
#     JVM flags map), `vippair-agent --version` runs on the bundled runtime, the unit's ExecStart binary answers --help, the files are where they belong, nothing was enabled
#     or started and a running keepalived is untouched; then it is purged without leftovers;
#   - the .rpm's file list, config files, requirements and scripts (rpm -qp, nothing installed);
#   - the tarball matches its sha256 file and holds the same files.
# Usage: packaging/check-packages.sh   (from anywhere; exit 0 when every check passes)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
target="$here/target"
passed=0
failed=0

ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...: one named check
  local what="$1"
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
die() { echo "check-packages: $*" >&2; exit 1; }

[[ "$(id -u)" -eq 0 ]] || die "run as root: it installs and purges the .deb"
for tool in dpkg rpm jdeps sha256sum keepalived objdump; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install dpkg rpm openjdk-17-jdk-headless keepalived binutils)"
done
shopt -s nullglob
debs=("$target"/vippair-agent_*_amd64.deb)
rpms=("$target"/vippair-agent-*.x86_64.rpm)
tars=("$target"/vippair-agent-*-linux-x86_64.tar.gz)
[[ ${#debs[@]} -eq 1 && ${#rpms[@]} -eq 1 && ${#tars[@]} -eq 1 ]] \
  || die "expected one .deb, one .rpm and one tarball in $target: run ./mvnw -B -pl packaging -am package first"
deb="${debs[0]}"
rpmfile="${rpms[0]}"
tarball="${tars[0]}"
version="$(sed -n 's/^vippair-agent_\(.*\)_amd64\.deb$/\1/p' <<<"$(basename "$deb")")"
if dpkg-query -W -f='${Status}' vippair-agent 2>/dev/null | grep -q installed; then
  die "vippair-agent is installed on this machine already; this check installs and purges its own copy"
fi

work="$(mktemp -d)"
keepalived_pid=""
installed=false
cleanup() {
  if [[ "$installed" == true ]]; then dpkg --purge vippair-agent >/dev/null 2>&1 || true; fi
  if [[ -n "$keepalived_pid" ]]; then kill "$keepalived_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The payload every package must carry (the systemd directory differs: Debian's /lib, RPM's /usr/lib).
essential=(/opt/vippair/node-agent.jar /opt/vippair/runtime/bin/java /opt/vippair/runtime/lib/modules
  /opt/vippair/runtime/lib/server/libjvm.so /opt/vippair/runtime/lib/server/classes.jsa
  /usr/bin/vippair-agent /etc/vippair/agent.yaml)
has_all() { # has_all LISTFILE SYSTEMD_DIR
  local f
  for f in "${essential[@]}" "$2/vippair-agent.service"; do
    grep -qx -- "$f" "$1" || { echo "     missing $f"; return 1; }
  done
}
only_ours() { # only_ours LISTFILE: nothing outside our paths but the standard parent directories
  local stray
  stray="$(grep -vE '^/(opt/vippair(/.*)?|usr/bin/vippair-agent|(usr/)?lib/systemd/system/vippair-agent\.service|etc/vippair(/agent\.yaml)?|var/cache/vippair|\.|opt|usr|usr/bin|usr/lib|lib|lib/systemd|usr/lib/systemd|(usr/)?lib/systemd/system|etc|var|var/cache)$' "$1" || true)"
  [[ -z "$stray" ]] || { echo "     unexpected: $stray"; return 1; }
}
# Maintainer scripts must not enable or start the agent, nor stop/disable/restart keepalived.
scripts_are_polite() { # scripts_are_polite FILE
  ! grep -vE '^[[:space:]]*echo ' "$1" \
    | grep -E 'systemctl[^#]*(enable|start|restart)[^#]*vippair|systemctl[^#]*keepalived|(pkill|killall)[^#]*keepalived|deb-systemd-(helper|invoke)[^#]*(enable|start)' \
    | grep -vE 'disable --now vippair-agent'
}

# --- runtime modules -----------------------------------------------------------------------------
runtime="$target/stage/opt/vippair/runtime"
needed="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$target/stage/opt/vippair/node-agent.jar")"
shipped="$(sed -n 's/^MODULES="\(.*\)"$/\1/p' "$runtime/release")"
missing=""
for m in ${needed//,/ }; do
  # java.desktop: only java.beans, which Jackson and SnakeYAML use when present (packaging/pom.xml)
  [[ "$m" == java.desktop || " $shipped " == *" $m "* ]] || missing+=" $m"
done
check "the runtime has every module jdeps finds in the agent jar (needed: $needed)${missing:+; missing:$missing}" test -z "$missing"

# CentOS 7 / TencentOS 2 have glibc 2.17: no binary of the runtime may need a newer one.
glibc_needed="$(find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) \
  -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
check "the runtime needs glibc <= 2.17, runs on CentOS 7 and Ubuntu 20.04 (needs $glibc_needed; a Temurin JDK gives 2.17: -Druntime.jdk=...)" \
  test "$(printf '%s\n' "$glibc_needed" GLIBC_2.17 | sort -V | tail -1)" = GLIBC_2.17

# --- .deb: install, run, inspect, purge ----------------------------------------------------------
printf 'global_defs {\n    router_id vippair-package-check\n}\n' >"$work/keepalived.conf"
keepalived -n -l -f "$work/keepalived.conf" -p "$work/k.pid" -r "$work/v.pid" -c "$work/c.pid" >"$work/keepalived.log" 2>&1 &
keepalived_pid=$!
sleep 0.5
check "a keepalived runs before the install (pid $keepalived_pid)" kill -0 "$keepalived_pid"
dpkg-deb -I "$deb" postinst >"$work/deb-scripts"
dpkg-deb -I "$deb" prerm >>"$work/deb-scripts"
dpkg-deb -I "$deb" postrm >>"$work/deb-scripts"
check ".deb maintainer scripts neither enable/start the agent nor touch keepalived" scripts_are_polite "$work/deb-scripts"

check "dpkg -i $(basename "$deb")" dpkg -i "$deb"
installed=true
dpkg -L vippair-agent | sort >"$work/deb-files"
check ".deb file list has the agent, runtime, command, unit and config" has_all "$work/deb-files" /lib/systemd/system
check ".deb installs nothing outside its own paths" only_ours "$work/deb-files"
check "/etc/vippair/agent.yaml is a conffile" grep -q /etc/vippair/agent.yaml <<<"$(dpkg-query -W -f='${Conffiles}' vippair-agent)"
check "/etc/vippair is mode 750, agent.yaml 640" test "$(stat -c %a /etc/vippair) $(stat -c %a /etc/vippair/agent.yaml)" = "750 640"
check "the unit is deploy/agent/vippair-agent.service as it is in the repository" \
  cmp -s /lib/systemd/system/vippair-agent.service "$repo/deploy/agent/vippair-agent.service"

out="$(vippair-agent --version 2>&1)" || true
check "vippair-agent --version says $version (got: $out)" test "$out" = "vippair-node-agent $version"
props="$(JAVA_OPTS=-XshowSettings:properties vippair-agent --version 2>&1)" || true
check "vippair-agent runs on the bundled runtime, not the system's Java" grep -q 'java.home = /opt/vippair/runtime' <<<"$props"
archives=(/var/cache/vippair/agent-*.jsa)
archive_size="$( ((${#archives[@]} == 1)) && stat -c %s "${archives[0]}" || echo 0)"
check "the install recorded the agent's class archive (postinst: record-class-archive; ${#archives[@]} file(s), $archive_size bytes)" \
  test "${#archives[@]}" -eq 1 -a "$archive_size" -gt 8000000
check "the unit sets VIPPAIR_CDS_DIR=/var/cache/vippair" grep -qx 'Environment=VIPPAIR_CDS_DIR=/var/cache/vippair' /lib/systemd/system/vippair-agent.service
unit_opts="$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' /lib/systemd/system/vippair-agent.service)"
cds_log="$(JAVA_OPTS="$unit_opts -Xlog:cds" VIPPAIR_CDS_DIR=/var/cache/vippair vippair-agent --version 2>&1)" || true
check "the service's first start maps that archive with the unit's JVM flags" grep -q 'Mapped dynamic region' <<<"$cds_log"
out="$(JAVA_OPTS="$unit_opts" vippair-agent --version 2>&1)" || true
check "the bundled runtime takes the unit's JVM flags (${unit_opts:-none})" test "$out" = "vippair-node-agent $version"
exec_start="$(sed -n 's/^ExecStart=[-@+!:]*\([^ ]*\).*/\1/p' /lib/systemd/system/vippair-agent.service)"
help="$("$exec_start" --help 2>&1)" && rc=0 || rc=$?
check "the unit's ExecStart binary ($exec_start) answers --help" test "$rc" -eq 0 -a -n "$help"
check "... with the agent's usage text" grep -q -- '--config' <<<"$help"

if [[ -d /run/systemd/system ]]; then
  check "the install did not enable the agent" test "$(systemctl is-enabled vippair-agent.service 2>/dev/null || true)" != enabled
  check "the install did not start the agent" test "$(systemctl is-active vippair-agent.service 2>/dev/null || true)" != active
else
  check "the install did not start the agent (no systemd here: no agent process)" \
    test -z "$(pgrep -f '/opt/vippair/node-agent.jar' || true)"
fi
check "the running keepalived survived the install" kill -0 "$keepalived_pid"

check "dpkg --purge vippair-agent" dpkg --purge vippair-agent
installed=false
check "purge leaves no /opt/vippair, /usr/bin/vippair-agent, unit, agent.yaml or class archive" \
  test ! -e /opt/vippair -a ! -e /usr/bin/vippair-agent -a ! -e /lib/systemd/system/vippair-agent.service \
  -a ! -e /etc/vippair/agent.yaml -a ! -e /var/cache/vippair
check "the running keepalived survived the purge" kill -0 "$keepalived_pid"

# --- .rpm: inspected, not installed --------------------------------------------------------------
rpm -qpl "$rpmfile" 2>/dev/null | sort >"$work/rpm-files"
check ".rpm file list has the agent, runtime, command, unit and config" has_all "$work/rpm-files" /usr/lib/systemd/system
check ".rpm installs nothing outside its own paths" only_ours "$work/rpm-files"
check ".rpm carries the same /opt/vippair files as the .deb" \
  diff <(grep '^/opt/vippair/' "$work/deb-files") <(grep '^/opt/vippair/' "$work/rpm-files")
check ".rpm marks /etc/vippair/agent.yaml as config" grep -qx /etc/vippair/agent.yaml <<<"$(rpm -qp --configfiles "$rpmfile" 2>/dev/null)"
check ".rpm requires keepalived >= 2.0.7" grep -qx 'keepalived >= 2.0.7' <<<"$(rpm -qp --requires "$rpmfile" 2>/dev/null)"
rpm -qp --scripts "$rpmfile" >"$work/rpm-scripts" 2>/dev/null
check ".rpm has post-install, pre-uninstall and post-uninstall scripts" \
  test "$(grep -cE '^(postinstall|preuninstall|postuninstall) scriptlet' "$work/rpm-scripts")" -eq 3
check ".rpm scripts neither enable/start the agent nor touch keepalived" scripts_are_polite "$work/rpm-scripts"
check ".rpm: runtime/bin/java and /usr/bin/vippair-agent are executable" \
  test "$(rpm -qplv "$rpmfile" 2>/dev/null | grep -cE '^-rwxr-xr-x .* /(opt/vippair/runtime/bin/java|usr/bin/vippair-agent)$')" -eq 2

# --- tarball -------------------------------------------------------------------------------------
check "tarball matches its .sha256" bash -c "cd '$target' && sha256sum -c --quiet '$(basename "$tarball").sha256'"
tar -tzf "$tarball" | sed 's|^[^/]*||; s|/$||' | grep . | sort >"$work/tar-files"
check "tarball carries the same /opt/vippair files as the .deb" \
  diff <(grep '^/opt/vippair/' "$work/deb-files") <(grep '^/opt/vippair/' "$work/tar-files")

for f in "$deb" "$rpmfile" "$tarball"; do
  size="$(stat -c %s "$f")"
  echo "size $(basename "$f"): $size bytes ($((size / 1048576)) MiB)"
done
echo "packages: $passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
