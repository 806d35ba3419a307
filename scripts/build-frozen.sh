#!/usr/bin/env bash
# The frozen app (PyInstaller --onedir, installer/yichuang.spec) in OUT_DIR/yichuang-workstation
# (default build/frozen). Installs the build tools first (scripts/bootstrap.sh --build).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/frozen}
scripts/bootstrap.sh --build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/pyinstaller --noconfirm --clean --log-level ERROR --distpath "$out" --workpath "$work" \
  installer/yichuang.spec
echo "$out/yichuang-workstation"
