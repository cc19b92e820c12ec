#!/usr/bin/env bash
# README command 1: set everything up, then build and serve ColdCopy on http://127.0.0.1:3000.
# Nothing needs configuring: the SQLite file is created under data/, and without
# ANTHROPIC_API_KEY the offline composer writes sequences.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
echo "==> building (release) and serving on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000} — Ctrl-C stops"
exec cargo leptos serve --release --precompress
