#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test ColdCopy, and reuses what is there:
# the wasm32 target, cargo-leptos, the wasm-bindgen CLI (the exact version in Cargo.lock),
# wasm-opt and Playwright (npm, in end2end/), Debian's Chromium and a CJK font, PostgreSQL 15
# and nginx.
# Source it (`. scripts/setup.sh`) so the PATH it sets stays in effect.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"
export PATH="$root/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Rust target for the browser bundle.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos: 0.3.10 builds on rustc 1.95 with --locked (0.3.11 does not). ~15 min once.
if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# wasm-bindgen CLI: must equal the wasm-bindgen crate in Cargo.lock exactly.
wbg_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg_version"; then
  step "installing wasm-bindgen-cli $wbg_version (about 2 minutes, once)"
  # Not --locked: its lock file names a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# Playwright and wasm-opt (npm's binaryen 132; Debian's binaryen 108 breaks the wasm).
if [ ! -f "$root/end2end/node_modules/.package-lock.json" ] ||
  [ "$root/end2end/package-lock.json" -nt "$root/end2end/node_modules/.package-lock.json" ]; then
  step "installing end2end npm packages (Playwright, binaryen)"
  (cd "$root/end2end" && npm ci --no-audit --no-fund)
fi

# A browser for Playwright: Debian's Chromium (Playwright cannot download its own here).
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  step "installing Debian's chromium"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

# A font with Chinese glyphs, so the Chinese pages render in the browser tests and screenshots
# (a fresh Debian has none: every character would be a box).
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  step "installing Debian's fonts-noto-cjk"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-noto-cjk
fi

# PostgreSQL and nginx for the tests of the second engine and of several servers (Debian's
# postgresql-15 and nginx: nothing is started on install; scripts/postgres.sh starts a
# throwaway cluster on a free port, tests/api/scale_out.rs its own nginx).
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/sbin/nginx ]; then
  step "installing Debian's postgresql-15 and nginx"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 nginx
fi

# A real SMTP server on loopback for the sign-in tests (Debian's python3-aiosmtpd: each test
# starts its own, storing what it accepts in a maildir the test reads; tests/api/helpers/mail.rs).
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  step "installing Debian's python3-aiosmtpd"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-aiosmtpd
fi

# Debian's postfix and dovecot for the mailbox tests (scripts/mail.sh runs a private instance of
# each on loopback). postfix is preseeded as "No configuration": it writes no system main.cf
# and nothing starts on install.
if [ ! -x /usr/sbin/postfix ] || [ ! -x /usr/sbin/dovecot ] || [ ! -e /usr/lib/dovecot/lmtp ]; then
  step "installing Debian's postfix and dovecot"
  echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix dovecot-imapd dovecot-lmtpd
fi

step "tools ready: $(cargo leptos --version), $(wasm-bindgen --version), $(wasm-opt --version | head -n1)"
