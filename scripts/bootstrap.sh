#!/usr/bin/env bash
# Installs what the app (with --test, the test suite; with --build, the packaging tools) needs: Debian
# packages, a virtual environment under .venv and the locked Python dependencies. Safe to run again;
# it only does what is missing. Flags combine: scripts/bootstrap.sh --test --build
set -euo pipefail
cd "$(dirname "$0")/.."

test_mode=false build_mode=false
for arg in "$@"; do
  case "$arg" in
    --test) test_mode=true ;;
    --build) build_mode=true ;;
    *) echo "usage: $0 [--test] [--build]" >&2; exit 2 ;;
  esac
done
UV_VERSION=0.13.9

runtime_pkgs=(
  python3 python3-venv python3-dev ca-certificates build-essential swig libpcsclite-dev libsane-dev
  pcscd libsane1
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xkb1 libxcb-randr0 libcups2 libpulse0 xvfb xauth
)
test_pkgs=(
  git poppler-utils poppler-data imagemagick x11-apps
  vsmartcard-vpcd sane-utils
  cups cups-client cups-bsd printer-driver-cups-pdf
  dbus gnome-keyring libsecret-tools socat
)

# PyInstaller reads ELF files with binutils; the package tests install into a debootstrap root; makensis
# compiles the Windows installer script.
build_pkgs=(binutils debootstrap nsis)

pkgs=("${runtime_pkgs[@]}")
$test_mode && pkgs+=("${test_pkgs[@]}")
$build_mode && pkgs+=("${build_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "==> apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# uv lives in its own small venv so that `uv sync` can own .venv completely.
tool=.cache/uv-tool
if [ ! -x "$tool/bin/uv" ] || ! "$tool/bin/uv" --version | grep -q "$UV_VERSION"; then
  echo "==> installing uv $UV_VERSION"
  rm -rf "$tool"
  python3 -m venv "$tool"
  "$tool/bin/pip" install -q "uv==$UV_VERSION"
fi
export UV_PYTHON_DOWNLOADS=never UV_CACHE_DIR=${UV_CACHE_DIR:-$PWD/.cache/uv}
sync_args=(--frozen --python python3 --compile-bytecode)
$test_mode || sync_args+=(--no-dev --inexact)
$build_mode && sync_args+=(--group build)
"$tool/bin/uv" sync "${sync_args[@]}" -q
