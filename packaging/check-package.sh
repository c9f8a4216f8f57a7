#!/usr/bin/env bash
# Checks the packages that `bootstrap.sh package` built, so packaging never breaks silently:
# the .deb's contents and computed Depends, the desktop entry and AppStream metainfo as installed,
# the QML modules the views load at run time, one version everywhere, and the .tar.gz.
#
#   packaging/check-package.sh PACKAGE_DIR
#
# Runs the packaged binaries, so it needs the Qt runtime; also dpkg-dev, file, binutils,
# desktop-file-utils, appstream and qmlimportscanner (bootstrap.sh package-check installs them all).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGE_DIR="${1:?usage: check-package.sh PACKAGE_DIR}"

passed=0
failed=0
pass() { printf 'package-check: ok    %s\n' "$*" >&2; passed=$((passed + 1)); }
fail() { printf 'package-check: FAIL  %s\n' "$*" >&2; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    local what="$1"
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
contains() { grep -Eq -- "$2" <<<"$1"; } # contains TEXT REGEX

shopt -s nullglob
debs=("$PACKAGE_DIR"/feeddeck_*.deb)
tgzs=("$PACKAGE_DIR"/feeddeck-*.tar.gz)
shopt -u nullglob
if [ "${#debs[@]}" -ne 1 ] || [ "${#tgzs[@]}" -ne 1 ]; then
    echo "package-check: expected one feeddeck_*.deb and one feeddeck-*.tar.gz in $PACKAGE_DIR;" \
         "run packaging/bootstrap.sh package first" >&2
    exit 1
fi
deb="${debs[0]}"
tgz="${tgzs[0]}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
usr="$work/root/usr"

dpkg-deb -I "$deb" >&2

# --- One version: the CMake project version, as the binary, the package, metainfo and man page show it.
version="$(QT_QPA_PLATFORM=offscreen "$usr/bin/feeddeck" --version | sed -n 's/^feeddeck //p')"
check "feeddeck --version prints a version ($version)" test -n "$version"
check "package version is $version" test "$(dpkg-deb -f "$deb" Version)" = "$version"
check "metainfo release is $version" \
    grep -q "<release version=\"$version\"" "$usr/share/metainfo/io.feeddeck.FeedDeck.metainfo.xml"
man_source="$(gzip -dc "$usr/share/man/man1/feeddeck.1.gz")"
check "man page header names FeedDeck $version" contains "$man_source" "^\.TH .*\"FeedDeck $version\""

# --- Contents: exactly the files a user should get, nothing from the build or the tests.
expected=(
    usr/bin/feeddeck
    usr/bin/feeddeck-sim
    usr/share/applications/io.feeddeck.FeedDeck.desktop
    usr/share/metainfo/io.feeddeck.FeedDeck.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/io.feeddeck.FeedDeck.svg
    usr/share/man/man1/feeddeck.1.gz
    usr/share/man/man1/feeddeck-sim.1.gz
    usr/share/doc/feeddeck/examples/feeddeck-nats.conf
)
for size in 16 24 32 48 64 128 256; do
    expected+=("usr/share/icons/hicolor/${size}x${size}/apps/io.feeddeck.FeedDeck.png")
done
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }' | sort > "$work/files"
printf '%s\n' "${expected[@]}" | sort > "$work/expected"
if diff -u "$work/expected" "$work/files" >&2; then
    pass "the .deb holds exactly the ${#expected[@]} expected files"
else
    fail "the .deb's files differ from the expected list (diff above: - missing, + unexpected)"
fi
check "installed binaries are stripped ELF executables" \
    test "$(file -b "$usr/bin/feeddeck" "$usr/bin/feeddeck-sim" | grep -c 'ELF.*, stripped')" = 2

# --- Desktop integration, validated as installed.
check "desktop-file-validate accepts the desktop entry" \
    desktop-file-validate "$usr/share/applications/io.feeddeck.FeedDeck.desktop"
check "appstreamcli validate accepts the metainfo" \
    appstreamcli validate --no-net --no-color "$usr/share/metainfo/io.feeddeck.FeedDeck.metainfo.xml"
check "appstreamcli validate-tree accepts the installed tree (desktop entry, icon, metainfo)" \
    appstreamcli validate-tree --no-net --no-color "$work/root"

# --- Depends: computed from the binaries by dpkg-shlibdeps, plus the QML modules.
depends="$(dpkg-deb -f "$deb" Depends)"
printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort -u > "$work/depends"
check "Depends lists versioned libqt6 packages (computed by dpkg-shlibdeps)" \
    contains "$depends" 'libqt6core6 \(>= [0-9]'
# Every shared library the binaries load must come from a package in Depends (looked up in this
# architecture's library folder, so libc6-i386 and friends do not answer for libm).
multiarch="$(dpkg-architecture -qDEB_HOST_MULTIARCH)"
missing_libs=""
for lib in $(objdump -p "$usr/bin/feeddeck" "$usr/bin/feeddeck-sim" | awk '/NEEDED/ { print $2 }' | sort -u); do
    owner="$(dpkg -S "*/$multiarch/$lib" 2>/dev/null | head -n1 | cut -d: -f1 || true)"
    if [ -z "$owner" ] || ! grep -qx "$owner" "$work/depends"; then
        missing_libs+=" $lib(${owner:-no package})"
    fi
done
check "every linked library's package is in Depends${missing_libs:+ — missing:$missing_libs}" test -z "$missing_libs"

# Every QML module the views import, directly or through other modules, must come from a package
# in Depends. Modules qmlimportscanner cannot find (other platforms' styles) are only an error when
# qml/ imports them itself.
qml_dir="/usr/lib/$multiarch/qt6/qml"
scanner=/usr/lib/qt6/libexec/qmlimportscanner
if [ ! -x "$scanner" ]; then
    echo "package-check: $scanner is missing; install qt6-declarative-dev-tools (bootstrap.sh deps)" >&2
    exit 1
fi
missing_qml=""
while read -r module; do
    [ "$module" = FeedDeck ] && continue
    if [ ! -f "$qml_dir/${module//.//}/qmldir" ]; then
        missing_qml+=" $module(not installed here)"
    fi
done < <(grep -rhoE '^import [A-Za-z][A-Za-z0-9_.]*' "$ROOT/qml" --include='*.qml' | awk '{ print $2 }' | sort -u)
# scan DIR: the folders of the installed QML modules that the QML files under DIR import.
scan() {
    "$scanner" -rootPath "$1" -importPath "$qml_dir" | awk -F'"' '
        /^ *\{/ { path = ""; type = "" }
        $2 == "path" { path = $4 }
        $2 == "type" { type = $4 }
        /^ *\}/ && type == "module" && path != "" { print path }'
}
scan "$ROOT/qml" | sort -u > "$work/qml-modules"
# A module's quickimpl (QtQuick.Dialogs' own dialogs) is loaded by its plugin, not imported:
# scan it too, for what it imports (the file dialog needs Qt.labs.folderlistmodel).
while read -r path; do
    if [ -d "$path/quickimpl" ]; then scan "$path/quickimpl"; fi
done < "$work/qml-modules" | sort -u - "$work/qml-modules" > "$work/qml-modules-all"
while read -r path; do
    owner="$(dpkg -S "$path/qmldir" 2>/dev/null | head -n1 | cut -d: -f1 || true)"
    if [ -z "$owner" ] || ! grep -qx "$owner" "$work/depends"; then
        missing_qml+=" ${path#"$qml_dir"/}(${owner:-no package})"
    fi
done < "$work/qml-modules-all"
check "every QML module the views load is in Depends${missing_qml:+ — missing:$missing_qml}" test -z "$missing_qml"

# --- Help and man page describe the same options.
help="$(QT_QPA_PLATFORM=offscreen "$usr/bin/feeddeck" --help)"
man_text="$(sed 's/\\-/-/g' <<<"$man_source")"
undocumented=""
for option in $(printf '%s\n' "$help" | grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
    contains "$man_text" "$option" || undocumented+=" $option"
done
check "the man page describes every option of feeddeck --help${undocumented:+ — missing:$undocumented}" \
    test -z "$undocumented"
relay_help="$(QT_QPA_PLATFORM=offscreen "$usr/bin/feeddeck" relay --help)"
undocumented=""
for option in $(printf '%s\n' "$relay_help" | grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
    contains "$man_text" "$option" || undocumented+=" $option"
done
check "the man page describes every option of feeddeck relay --help${undocumented:+ — missing:$undocumented}" \
    test -z "$undocumented"
check "feeddeck --help names the workspace location" contains "$help" 'XDG_CONFIG_HOME/feeddeck/workspace\.json'
check "feeddeck --help lists the exit codes" contains "$help" 'Exit codes'
check "feeddeck --help shows a cron example" contains "$help" 'crontab'

# --- The tarball carries the same install tree.
tar -tzf "$tgz" | sed 's|^[^/]*/||' | grep -v '/$' | sort > "$work/tar-files"
sed 's|^usr/||' "$work/expected" | sort > "$work/tar-expected"
if diff -u "$work/tar-expected" "$work/tar-files" >&2; then
    pass "the .tar.gz holds the same ${#expected[@]} files under one top folder"
else
    fail "the .tar.gz's files differ from the expected list (diff above)"
fi

if [ "$failed" -ne 0 ]; then
    echo "package-check: $failed of $((passed + failed)) checks failed for $(basename "$deb")" >&2
    exit 1
fi
echo "package-check: all $passed checks passed for $(basename "$deb") and $(basename "$tgz")" >&2
