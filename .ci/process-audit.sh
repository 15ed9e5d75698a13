#!/usr/bin/env bash
# .ci/process-audit.sh [WHAT]: fails when a process started under this run's marker is still alive.
#
# `.ci/run` and the Makefile's test, soak, demo and package-check targets export MW_RUN_MARKER; every
# process they start inherits it (package-check passes it through `env -i` by hand), daemons that
# double-fork included (a PostgreSQL cluster, socat, Chromium's helpers). A process that carries the
# marker after the run, other than this script and its ancestors, was left behind: it is listed with
# its command line and the run fails.
set -uo pipefail
what="${1:-this run}"
marker="${MW_RUN_MARKER:-}"
if [ -z "$marker" ]; then echo "process audit: MW_RUN_MARKER is not set"; exit 2; fi
# This script and its ancestors carry the marker too, and are still running by design.
declare -A mine=()
pid=$$
while [ -n "$pid" ] && [ "$pid" != 0 ]; do
  mine[$pid]=1
  pid=$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null)
done
# A process that is just exiting may still be listed for a moment: look twice, half a second apart.
scan() {
  for env in /proc/[0-9]*/environ; do
    p=${env#/proc/}; p=${p%/environ}
    [ -n "${mine[$p]:-}" ] && continue
    if { tr '\0' '\n' < "$env"; } 2>/dev/null | grep -qx "MW_RUN_MARKER=$marker"; then
      state=$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)
      [ "$state" = Z ] && continue
      echo "$p"
    fi
  done
}
left=$(scan)
[ -z "$left" ] && exit 0
sleep 0.5
left=$(for p in $(scan); do echo "$left" | grep -qx "$p" && echo "$p"; done)
[ -z "$left" ] && exit 0
echo "process audit: $what left processes running:"
for p in $left; do
  cmd=$({ tr '\0' ' ' < "/proc/$p/cmdline"; } 2>/dev/null)
  echo "  pid $p (parent $(awk '{print $4}' "/proc/$p/stat" 2>/dev/null)): ${cmd:-?}"
done
exit 1
