#!/usr/bin/env bash
# The Debian package (Debian 12, UOS, Kylin) from this checkout, in one command:
#   scripts/build-deb.sh  ->  dist/yichuang-workstation_<version>_<arch>.deb
# PyInstaller bundle under /opt/yichuang-workstation, launcher /usr/bin/yichuang-workstation, desktop
# entry, Depends on the Debian libraries the bundle needs (installer/deb.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-frozen.sh build/frozen >/dev/null
.venv/bin/python -m installer.deb build/frozen/yichuang-workstation dist
