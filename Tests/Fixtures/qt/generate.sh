#!/usr/bin/env bash
# Compiles the team-written ko.ts into ko.qm with Qt's own lrelease (Debian: qttools5-dev-tools).
# Run by hand when ko.ts changes; the test reads the committed ko.qm.
set -euo pipefail
cd "$(dirname "$0")"
lrelease ko.ts -qm ko.qm
