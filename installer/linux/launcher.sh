#!/bin/sh
# /usr/bin/yichuang-workstation: the frozen app under /opt (GUI; `yichuang-workstation doctor` for IT staff).
exec /opt/yichuang-workstation/yichuang-workstation "$@"
