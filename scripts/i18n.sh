#!/usr/bin/env bash
# Refresh the translation sources from the code (keeping existing translations) and compile them.
# Chinese is the source language; resources/i18n/yichuang_en.ts holds the English beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(git ls-files 'app/ui/*.py')
.venv/bin/pyside6-lupdate "${sources[@]}" -ts resources/i18n/yichuang_en.ts -no-obsolete -locations none
.venv/bin/pyside6-lrelease -silent resources/i18n/yichuang_en.ts -qm resources/i18n/yichuang_en.qm
