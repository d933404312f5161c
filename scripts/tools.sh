#!/usr/bin/env bash
# Installs what the build (and, with `test`, the tests) need, only when missing, so a second
# run takes a second or two. Works on a fresh Debian machine with rustup, Node and npm.
#
#   bash scripts/tools.sh          wasm target, wasm-bindgen CLI, npm packages
#   bash scripts/tools.sh test     the above, plus wasm-pack, Chromium, ChromeDriver, zbar and
#                                  PostgreSQL (the server's tests start a throwaway one)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly, or the glue it writes
# will not fit the module.
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen" ]; then
  say "installing wasm-bindgen-cli $bindgen (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$bindgen" --force
fi

# npm ci only when the lock file changed since the last install.
npm_ci() {
  if [ ! -f "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    say "installing npm packages in $1"
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci .

if [ "${1:-}" = test ]; then
  npm_ci tests/js
  if ! command -v wasm-pack >/dev/null; then
    say "installing wasm-pack (a few minutes, once)"
    cargo install wasm-pack --version 0.15.1 --locked
  fi
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v zbarimg >/dev/null || missing+=(zbar-tools)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian"
    sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
    sudo_if_needed apt-get update -qq
    DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
