#!/usr/bin/env bash
# Packaging/package-check.sh PACKAGE.deb: installs the package on this machine (root), checks what a
# new user types first, runs the demo from / with the source tree hidden (a private mount namespace
# with an empty folder over it), checks that its dashboard answers, and removes the package again.
set -euo pipefail
deb="$(readlink -f "$1")"
src="$(cd "$(dirname "$0")/.." && pwd)"
# Everything below runs from /, as a user of the installed package would, not from the source tree.
cd /
[ "$(id -u)" = 0 ] || { echo "package-check needs root (it installs a package)"; exit 1; }
if dpkg-query -W -f='${Status}' meterwatch 2>/dev/null | grep -q "ok installed"; then
  echo "meterwatch is installed already; remove it first"
  exit 1
fi
# Purged afterwards (configuration files included), so that the machine is as it was.
cleanup() { DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq meterwatch >/dev/null 2>&1 || dpkg -P meterwatch >/dev/null 2>&1 || true; }
trap cleanup EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
echo "installed: $(dpkg-query -W -f='${Package} ${Version}' meterwatch)"
command -v meterwatch
meterwatch --version
test -s /usr/share/man/man1/meterwatch.1 && test -s /usr/share/man/man1/meterwatch.compare.1
# The licence and the licences of every package linked in, each named with its version.
grep -q "Apache License" /usr/share/doc/meterwatch/LICENSE
for dep in swift-nio GRDB.swift hummingbird postgres-nio Yams; do
  grep -q "^- $dep [0-9]" /usr/share/doc/meterwatch/THIRD-PARTY-LICENSES || { echo "THIRD-PARTY-LICENSES does not name $dep"; exit 1; }
done
if command -v man >/dev/null; then echo "man page: $(man -w meterwatch)"; fi
test -s /usr/share/bash-completion/completions/meterwatch
test -s /usr/share/zsh/site-functions/_meterwatch
test -s /usr/share/fish/vendor_completions.d/meterwatch.fish
test -f /lib/systemd/system/meterwatch.service
[ "$(stat -c %a /etc/meterwatch/meterwatch.env)" = 600 ] || { echo "meterwatch.env is not root-only"; exit 1; }
if command -v systemd-analyze >/dev/null; then
  # Its Documentation= is checked with man when man is there.
  if command -v man >/dev/null; then man_check=yes; else man_check=no; fi
  systemd-analyze verify --man=$man_check /lib/systemd/system/meterwatch.service
  echo "unit verified"
fi
work="$(mktemp -d)"
# The example configuration is valid as shipped (its store path is the service's; use a scratch one).
meterwatch db init --config /etc/meterwatch/meterwatch.yaml --db "$work/example.sqlite"
meterwatch profiles list > "$work/profiles.txt"
grep -q "^eastron-sdm630 .*(built in)$" "$work/profiles.txt" || { cat "$work/profiles.txt"; echo "no built-in profiles"; exit 1; }
# The demo, from /, without the source tree: everything it needs is in the binary. First as CI's
# README command has it, then kept running while its pages are fetched.
# MW_RUN_MARKER goes through `env -i` by hand, so that CI's process audit still sees the demo.
hidden() {
  unshare --mount sh -c "mount -t tmpfs none '$src' && cd / && exec env -i PATH=/usr/bin:/bin HOME='$work' \
    MW_RUN_MARKER='${MW_RUN_MARKER:-}' $*"
}
hidden meterwatch demo --data "$work/demo" --port 0 --exit-when-ready
# In the background, bash runs a function in a subshell: `exec` makes that subshell the demo itself
# (unshare and sh exec in turn), so that $! is meterwatch's own PID and a TERM reaches it.
hidden_demo() { exec unshare --mount sh -c "mount -t tmpfs none '$src' && cd / && exec env -i PATH=/usr/bin:/bin HOME='$work' \
  MW_RUN_MARKER='${MW_RUN_MARKER:-}' meterwatch demo --data '$work/demo' --port 0"; }
hidden_demo > "$work/demo.log" 2>&1 &
demo=$!
stop_demo() {
  kill -TERM "$demo" 2>/dev/null || true
  # A graceful stop flushes and closes its simulators; past 30 s it is killed.
  for _ in $(seq 1 60); do kill -0 "$demo" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$demo" 2>/dev/null || true
  wait "$demo" 2>/dev/null || true
}
trap 'stop_demo; cleanup' EXIT
for _ in $(seq 1 240); do
  url=$(sed -n 's/^dashboard: \(http[^ ]*\).*/\1/p' "$work/demo.log" | head -1)
  [ -n "$url" ] && break
  kill -0 $demo 2>/dev/null || { cat "$work/demo.log"; echo "the demo stopped"; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$work/demo.log"; echo "the demo did not get ready"; exit 1; }
curl -fsS -H "Accept-Language: zh-TW,zh;q=0.9" "$url" -o "$work/overview.html"
grep -q '<html lang="zh-TW"' "$work/overview.html" || { echo "GET / did not answer the zh-TW dashboard"; exit 1; }
curl -fsS "${url}?lang=en" -o "$work/overview-en.html"
grep -q '<html lang="en"' "$work/overview-en.html" || { echo "GET /?lang=en did not answer the English dashboard"; exit 1; }
curl -fsS "${url}devices" >/dev/null
# The money page bills the city hall's main incomer in the release build (a typed-throws miscompile
# once crashed every bill there and nowhere in the debug tests), and so does the CLI.
curl -fsS "${url}money?lang=zh-TW" -o "$work/money.html"
grep -q '儲能系統效益' "$work/money.html" || { echo "the money page did not show the storage's earnings"; exit 1; }
meterwatch bill --config "$work/demo/meterwatch.yaml" --meter main-incomer --format json > "$work/bill.json"
grep -q '"over_contract"\|"energy"' "$work/bill.json" || { echo "meterwatch bill gave no bill"; exit 1; }
# A portal harvests the demo's open data: the files validate as a Data Package (Frictionless, from
# `make data-peers`), and the CSV for people opens with its byte-order mark and Chinese headers.
mkdir -p "$work/open-data"
for f in datapackage.json energy-monthly.csv energy-monthly-zh-TW.csv energy-monthly.json; do
  curl -fsS "${url}open-data/$f" -o "$work/open-data/$f"
done
head -c 3 "$work/open-data/energy-monthly-zh-TW.csv" | od -An -tx1 | grep -q "ef bb bf" || { echo "the open-data CSV has no BOM"; exit 1; }
grep -q "建築物名稱" "$work/open-data/energy-monthly-zh-TW.csv" || { echo "the open-data CSV lost its Chinese headers"; exit 1; }
if grep -q "library-branch" "$work/open-data/"*; then echo "a building not chosen for open data was published"; exit 1; fi
"$src/.venv-data/bin/frictionless" validate "$work/open-data/datapackage.json" > "$work/frictionless.txt" 2>&1 \
  || { cat "$work/frictionless.txt"; echo "the demo's open data does not validate"; exit 1; }
echo "dashboard served from the package: $url"
[ "$(readlink "/proc/$demo/exe" 2>/dev/null)" = /usr/bin/meterwatch ] || { echo "\$! is not the demo (pid $demo)"; exit 1; }
stop_demo
# Nothing the check started may outlive it (issue: a demo left running for 20 minutes after CI).
if pgrep -af "meterwatch demo --data $work"; then echo "a demo is still running after the package check stopped it"; exit 1; fi
if pgrep -af "socat .*$work"; then echo "the demo's RS-485 bus (socat) is still running"; exit 1; fi
echo "package check passed"
cleanup
trap - EXIT
if dpkg-query -W -f='${Status}' meterwatch 2>/dev/null | grep -q "ok installed"; then echo "the package was not removed"; exit 1; fi
echo "package removed"
