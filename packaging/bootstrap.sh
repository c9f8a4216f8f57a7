#!/usr/bin/env bash
# FeedDeck bootstrap for Debian 12: install what the build needs, build, run, test.
#
#   packaging/bootstrap.sh deps    install the Debian packages (apt-get; sudo only when not root)
#   packaging/bootstrap.sh build   Release build into build/
#   packaging/bootstrap.sh run     deps + build + launch the GUI on the built-in demo (no network needed)
#   packaging/bootstrap.sh test    deps + build + every test suite, headless, through ctest
#   packaging/bootstrap.sh package deps + build + a .deb and a .tar.gz (CPack) in build/packages/
#   packaging/bootstrap.sh package-check
#                                  package, then validate the desktop entry, the AppStream metainfo,
#                                  the .deb's contents and computed Depends, and the QML modules
#   packaging/bootstrap.sh sanitize
#                                  deps + every test suite under ASan + UBSan (packaging/ci-asan.sh)
#   packaging/bootstrap.sh tsan    deps + the threaded suites and headless start/stop runs under
#                                  ThreadSanitizer (packaging/ci-tsan.sh)
#   packaging/bootstrap.sh fuzz    deps + clang + each libFuzzer target for a bounded time
#                                  (tests/fuzz/run.sh; FEEDDECK_FUZZ_SECONDS, default 60)
#
# Extra arguments after `run` go to feeddeck (e.g. `run --duration 10`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${FEEDDECK_BUILD_DIR:-$ROOT/build}"
JOBS="${FEEDDECK_JOBS:-$(nproc 2>/dev/null || echo 2)}"

PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools qt6-websockets-dev qt6-charts-dev
    libsimdjson-dev zlib1g-dev
    qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtqml-workerscript
    qml6-module-qtquick qml6-module-qtquick-window qml6-module-qtquick-layouts
    qml6-module-qtquick-controls qml6-module-qtquick-templates qml6-module-qtquick-dialogs
    qml6-module-qt-labs-folderlistmodel qml6-module-qtcharts qml6-module-qttest
    ca-certificates fonts-dejavu-core libgl1-mesa-dri xvfb xauth x11-utils locales
    # Real proxies for the proxy tests, which start their own instances on free loopback ports
    # (the packages' system services, if they run, are not used). squid answers a wrong password
    # with 407, which tinyproxy 1.11 answers with 401.
    tinyproxy microsocks squid
    # Independent WebSocket peers for the compression interop tests (Node ws, Python websockets).
    nodejs python3-websockets
    # The NATS server `feeddeck relay` publishes to and nats feeds read from; the relay tests
    # start their own instances on free loopback ports (packaging/nats/ has a desk's config).
    nats-server
    # The desktop notification test starts its own private bus with Debian's dbus-daemon.
    dbus-daemon
)
# The permessage-deflate interop tests run two independent servers: Node's ws (from
# tests/bench/node, installed by ensure_node_modules) and Python's websockets (Debian's).

# Packaging needs dpkg-shlibdeps (dpkg-dev) and file; the checks need the two validators.
PACKAGE_TOOLS=(dpkg-dev file)
CHECK_TOOLS=(desktop-file-utils appstream)
# libFuzzer comes with clang's runtime libraries.
FUZZ_TOOLS=(clang libclang-rt-14-dev)

say() { printf '\033[1mfeeddeck:\033[0m %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        say "need root to install packages: run as root or install sudo"
        exit 1
    fi
}

# Installs the named Debian packages that are not installed yet.
ensure_packages() {
    local missing=()
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        say "all $# packages are installed"
    else
        say "installing ${#missing[@]} packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

# The locales the tests run under: CSV numbers and times must not change with them.
TEST_LOCALES=(de_DE.UTF-8 fr_FR.UTF-8)

missing_locales() {
    local l
    for l in "${TEST_LOCALES[@]}"; do
        locale -a 2>/dev/null | grep -qix "${l%.UTF-8}.utf8" || echo "$l"
    done
}

ensure_locales() {
    local missing
    missing="$(missing_locales)"
    [ -z "$missing" ] && return
    say "generating the locales the tests run under: $(echo $missing)"
    if [ ! -f /etc/locale.gen ]; then
        say "cannot generate them: /etc/locale.gen is missing (Debian package 'locales')"
        exit 1
    fi
    local l
    for l in $missing; do
        if grep -q "^# *$l UTF-8" /etc/locale.gen; then
            as_root sed -i "s/^# *$l UTF-8/$l UTF-8/" /etc/locale.gen
        elif ! grep -q "^$l UTF-8" /etc/locale.gen; then
            echo "$l UTF-8" | as_root tee -a /etc/locale.gen >/dev/null
        fi
    done
    as_root locale-gen >/dev/null || true
    missing="$(missing_locales)"
    if [ -n "$missing" ]; then
        say "locale-gen did not make $(echo $missing); the locale tests need them (see /etc/locale.gen)"
        exit 1
    fi
}

ensure_node_modules() {
    [ -f "$ROOT/tests/bench/node/node_modules/ws/package.json" ] && return
    # Debian's nodejs comes without npm; other builds of nodejs (NodeSource) bring their own and
    # conflict with Debian's npm package.
    command -v npm >/dev/null 2>&1 || ensure_packages npm
    say "installing the Node module ws for the interop tests and benchmarks (npm ci in tests/bench/node)"
    (cd "$ROOT/tests/bench/node" && npm ci --no-audit --no-fund --silent)
}

deps() {
    ensure_packages "${PACKAGES[@]}"
    ensure_locales
    ensure_node_modules
}

build() {
    say "configuring (Release) in $BUILD_DIR"
    # A unity build: sources compiled in batches, Qt's headers parsed once per batch (a first
    # build takes two thirds of the time). For quick rebuilds while editing, use the presets.
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON >/dev/null
    say "building with $JOBS jobs"
    cmake --build "$BUILD_DIR" --parallel "$JOBS"
}

run() {
    deps
    build
    say "starting FeedDeck on the built-in demo (simulated market, no network)"
    exec "$BUILD_DIR/bin/feeddeck" --demo "$@"
}

test_all() {
    deps
    build
    say "running the test suites headless"
    export QT_QPA_PLATFORM=offscreen
    cd "$BUILD_DIR"
    ctest --output-on-failure --timeout 300 --parallel "$JOBS"
}

PACKAGE_DIR="$BUILD_DIR/packages"

package() {
    deps
    ensure_packages "${PACKAGE_TOOLS[@]}"
    build
    say "packaging (CPack: .deb and .tar.gz) into $PACKAGE_DIR"
    rm -rf "$PACKAGE_DIR"
    if ! (cd "$BUILD_DIR" && cpack -B "$PACKAGE_DIR" >"$BUILD_DIR/cpack.log" 2>&1); then
        cat "$BUILD_DIR/cpack.log" >&2
        say "packaging failed (log above, also in $BUILD_DIR/cpack.log)"
        exit 1
    fi
    rm -rf "$PACKAGE_DIR/_CPack_Packages"
    ls -1 "$PACKAGE_DIR" | sed 's/^/  /' >&2
}

package_check() {
    package
    ensure_packages "${CHECK_TOOLS[@]}"
    "$ROOT/packaging/check-package.sh" "$PACKAGE_DIR"
}

sanitize() {
    deps
    "$ROOT/packaging/ci-asan.sh"
}

tsan() {
    deps
    "$ROOT/packaging/ci-tsan.sh"
}

fuzz() {
    deps
    ensure_packages "${FUZZ_TOOLS[@]}"
    "$ROOT/tests/fuzz/run.sh"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
    deps) deps ;;
    build) build ;;
    run) run "$@" ;;
    test) test_all ;;
    package) package ;;
    package-check) package_check ;;
    sanitize) sanitize ;;
    tsan) tsan ;;
    fuzz) fuzz ;;
    *)
        sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
