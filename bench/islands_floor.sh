#!/usr/bin/env bash
# The least wasm each hydrated page could ship as Leptos islands (issue 17's byte budgets),
# measured, not guessed. In a throwaway worktree of HEAD it applies bench/islands_floor.patch:
# the `islands` feature, `hydrate_islands()`, and one minimal island per page that holds only what
# that page cannot do without (views kept to bare inputs, lists and buttons):
#   floor-generate  the live field checks, the streamed generation and its cards, error messages;
#   floor-sequence  each email's draft with its live checks, save, revert, rewrite, copy, the
#                   summary of passing emails;
#   floor-leads     a running lead list's progress, polled through a server function that answers
#                   the counts alone.
# Each is built alone (`cargo leptos build --release --frontend-only`, the served bundle's own
# steps) and brotli'd at 11, as the release build's precompressed copies are. Nothing is kept.
# Run by hand; about 3 minutes with target/front/ from an earlier release build to start from.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
command -v brotli >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y brotli
tree="$(mktemp -d)/floor"
git worktree add -q --detach "$tree" HEAD
trap 'git worktree remove --force "$tree"' EXIT
git -C "$tree" apply "$PWD/bench/islands_floor.patch"
if [ -d target/front ]; then mkdir -p "$tree/target" && cp -a target/front "$tree/target/front"; fi
echo "| island alone | wasm | brotli 11 | JS glue, brotli 11 |"
echo "|---|---|---|---|"
for floor in floor-generate floor-sequence floor-leads; do
  sed -i "s/\"FLOOR\"\\]/\"$floor\"]/; s/\"floor-[a-z]*\"\\]/\"$floor\"]/" "$tree/Cargo.toml"
  rm -rf "$tree/target/site"
  (cd "$tree" && cargo leptos build --release --frontend-only >/dev/null 2>&1)
  wasm=$(ls "$tree"/target/site/pkg/*.wasm); js=$(ls "$tree"/target/site/pkg/*.js)
  echo "| \`$floor\` | $(stat -c%s "$wasm") B | $(brotli -q 11 -c "$wasm" | wc -c) B | $(brotli -q 11 -c "$js" | wc -c) B |"
done
