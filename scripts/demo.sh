#!/usr/bin/env bash
# Builds the package and the backend, then serves the front end in www/ and the JSON API on
# http://127.0.0.1:${PORT:-8080}/ with the SQLite file data/twofold.sqlite3 and the demo
# tenant `acme` (its administrator's password is printed the first time).
#
# The first run takes minutes (the wasm twice, optimised by wasm-opt, and the server with
# LTO); a later one skips each step whose inputs did not change and starts in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/tools.sh

# cargo knows when the wasm is up to date, but wasm-bindgen and wasm-opt (most of a build)
# would run again every time: build only when an input is newer than the last build's start.
inputs=(src locales build.rs build alloc Cargo.toml Cargo.lock .cargo package.json package-lock.json scripts/build.mjs)
if [ ! -f pkg/.built ] || [ -n "$(find "${inputs[@]}" -newer pkg/.built -print -quit)" ]; then
  started=$(date +%s.%N)
  node scripts/build.mjs
  touch -d "@$started" pkg/.built
else
  echo "pkg/ is up to date (delete pkg/.built to build it again)" >&2
fi
node scripts/compress.mjs
cargo build --release -p twofold-server
exec target/release/twofold-server --demo --listen "127.0.0.1:${PORT:-8080}" --database data/twofold.sqlite3 --www www --package .
