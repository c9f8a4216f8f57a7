#!/usr/bin/env bash
# Installs the .deb on a clean Debian 12 system without build tools and runs it there: the proof
# that the package's Depends are complete. Uses a minimal debootstrap chroot (root, debootstrap
# and the Debian mirror needed; about 200 MB and a few minutes the first time).
#
#   packaging/install-test.sh [DEB] [CHROOT_DIR]
#
# DEB defaults to build/packages/feeddeck_*.deb (packaging/bootstrap.sh package), CHROOT_DIR to
# /var/tmp/feeddeck-install-test; an existing chroot is reused, with feeddeck and everything it
# brought in purged first. The package goes in with --no-install-recommends, so only Depends count.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEB="${1:-$(ls "$ROOT"/build/packages/feeddeck_*.deb 2>/dev/null | head -n1)}"
CHROOT="${2:-/var/tmp/feeddeck-install-test}"
MIRROR="${FEEDDECK_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

say() { printf '\033[1minstall-test:\033[0m %s\n' "$*" >&2; }
[ -f "$DEB" ] || { say "no package: run packaging/bootstrap.sh package first, or pass the .deb"; exit 2; }
[ "$(id -u)" -eq 0 ] || { say "needs root (debootstrap, chroot, mount)"; exit 2; }

if [ ! -x "$CHROOT/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap
    say "creating a minimal Debian 12 system in $CHROOT"
    debootstrap --variant=minbase bookworm "$CHROOT" "$MIRROR" >/dev/null
    cat >"$CHROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb ${MIRROR%/debian}/debian-security bookworm-security main
EOF
fi

mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
trap 'umount "$CHROOT/proc" 2>/dev/null || true' EXIT
in_chroot() { chroot "$CHROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive "$@"; }

in_chroot apt-get purge -y -qq feeddeck >/dev/null 2>&1 || true
in_chroot apt-get autoremove --purge -y -qq >/dev/null 2>&1 || true
for tool in gcc g++ cc c++ cmake make ld dpkg-shlibdeps; do
    if in_chroot sh -c "command -v $tool" >/dev/null; then
        say "the test system has $tool: it should have no build tools"
        exit 1
    fi
done

mkdir -p "$CHROOT/tmp/feeddeck-test"
cp "$DEB" "$CHROOT/tmp/feeddeck-test/"
say "apt install $(basename "$DEB") (no recommends)"
in_chroot apt-get update -qq
in_chroot apt-get install -y -qq --no-install-recommends "/tmp/feeddeck-test/$(basename "$DEB")" >/dev/null

say "running the installed feeddeck"
in_chroot sh -eu -c '
    export XDG_RUNTIME_DIR=/tmp/feeddeck-test/run XDG_CONFIG_HOME=/tmp/feeddeck-test/config QT_QPA_PLATFORM=offscreen
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
    cd /tmp/feeddeck-test
    rm -f snap.csv window.png
    feeddeck --version
    feeddeck --demo --headless --duration 3 --export-csv snap.csv
    head -n1 snap.csv | grep -q "^feed,symbol,price," || { echo "snap.csv: unexpected header"; exit 1; }
    rows=$(tail -n +2 snap.csv | tr -d "\r" | grep -c ",live$" || true)
    echo "snap.csv: $rows live rows"
    [ "$rows" -gt 0 ]
    feeddeck --demo --duration 3 --screenshot window.png
    [ -s window.png ] || { echo "no screenshot: the window did not load"; exit 1; }
    echo "window.png: $(wc -c < window.png) bytes"
    feeddeck-sim --duration 1 | grep -q "\"event\":\"listening\""
    echo "feeddeck-sim: listening"
'
say "the package installs and runs on a clean Debian 12 system ($CHROOT/tmp/feeddeck-test)"
