#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what it needs (Debian packages, .venv, locked
# dependencies), then runs ruff, mypy, the import contracts and pytest. Services the tests need
# (Xvfb, pcscd, cupsd, the reference platform, ...) are started by the test fixtures themselves.
# Extra arguments go to pytest, e.g.  scripts/test.sh -m pcsc   or   scripts/test.sh tests/unit
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --test --build  # --build: the package tests build the frozen app and the .deb
export PATH="$PWD/.venv/bin:$PATH"

echo "==> ruff";          ruff check --quiet .
echo "==> ruff format";   ruff format --check --quiet .
echo "==> mypy (strict on the Qt-free packages)"; mypy --no-error-summary
echo "==> import contracts"; lint-imports --no-cache >/dev/null || lint-imports --no-cache
echo "==> pytest"
if [ $# -eq 0 ]; then
  # The unit tests hold the pure domain rules and the form rules to 100% branch coverage; the rest of the
  # suite runs without coverage's tracer, which slowed the threaded chaos and crash tests by half.
  python -m pytest tests/unit --cov=app.domain --cov=app.forms --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100
  exec python -m pytest --ignore=tests/unit --durations=15
fi
exec python -m pytest "$@"
