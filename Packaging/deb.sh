#!/usr/bin/env bash
# Packaging/deb.sh VERSION: builds .build/meterwatch_VERSION_ARCH.deb with dpkg-deb from `make install
# PREFIX=/usr` staged into a folder (run by `make deb`, after the release build and the man pages).
set -euo pipefail
cd "$(dirname "$0")/.."
version="$1"
arch="$(dpkg --print-architecture)"
root=.build/deb/root
rm -rf .build/deb
make --no-print-directory install DESTDIR="$PWD/$root" PREFIX=/usr SYSCONFDIR=/etc >/dev/null

# Depends: the Debian packages that hold the shared libraries the binary names (ELF NEEDED; the
# Swift runtime is linked in statically), at least the versions built against.
depends=$(objdump -p "$root/usr/bin/meterwatch" | awk '/NEEDED/ { print $2 }' | while read -r soname; do
  lib=$(ldd "$root/usr/bin/meterwatch" | awk -v n="$soname" '$1 == n && $3 ~ /^\// { print $3 }')
  [ -n "$lib" ] || continue
  dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || true
done | cut -d: -f1 | sort -u | while read -r pkg; do
  v=$(dpkg-query -W -f='${Version}' "$pkg" | sed 's/-[^-]*$//')
  echo "$pkg (>= ${v%%+*})"
done | paste -sd, - | sed 's/,/, /g')

mkdir -p "$root/DEBIAN"
size=$(du -sk "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: meterwatch
Version: $version
Architecture: $arch
Maintainer: Meterwatch contributors <meterwatch@localhost>
Installed-Size: $size
Depends: $depends
Section: net
Priority: optional
Homepage: https://github.com/meterwatch/meterwatch
Description: energy and utilities monitoring for public buildings
 Meterwatch reads electricity, water, UPS and storage meters over Modbus TCP/RTU,
 keeps their readings in an embedded SQLite store, reports period-over-period and
 weather-normalised savings and KPI attainment, alerts on abnormal water use and device
 trouble, and serves zh-TW/English dashboards and an HTTP API.
CONTROL
printf '/etc/meterwatch/meterwatch.yaml\n/etc/meterwatch/meterwatch.env\n' > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  chmod 600 /etc/meterwatch/meterwatch.env
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null || true
    # An upgrade restarts a running service (the store migrates on open, keeping a copy first).
    if systemctl is-active --quiet meterwatch; then systemctl restart meterwatch || true; fi
  fi
  if [ -z "$2" ]; then
    echo "meterwatch: edit /etc/meterwatch/meterwatch.yaml, then: systemctl enable --now meterwatch"
  fi
fi
SCRIPT
cat > "$root/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
  systemctl disable --now meterwatch >/dev/null 2>&1 || true
fi
SCRIPT
cat > "$root/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then systemctl daemon-reload >/dev/null || true; fi
# The store (/var/lib/meterwatch) is kept on purge as well: meter history is not a cache.
SCRIPT
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"
out=".build/meterwatch_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "built $out ($(du -h "$out" | cut -f1)); Depends: $depends"
