#!/usr/bin/env bash
# Runs the app in demo mode: its own data directory, the sample catalogue, a demo clerk (credentials
# on the login screen). Without a display it starts Xvfb on :99 so the app can still be looked at.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  display=${YC_XVFB_DISPLAY:-:99}
  echo "No display: starting Xvfb on $display (screenshot: DISPLAY=$display import -window root shot.png)"
  Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
  export DISPLAY=$display
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
fi
.venv/bin/python main.py --demo "$@"
