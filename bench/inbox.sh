#!/usr/bin/env bash
# Messages the inbox classifies per second on the fixture set (tests/fixtures/inbox/), in a
# release build, one core. Run by hand:  bash bench/inbox.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release --example inbox_classify
