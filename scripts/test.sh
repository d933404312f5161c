#!/usr/bin/env bash
# Runs every test, installing what is missing first (scripts/tools.sh):
#   1. Rust: clippy, then the core's unit, vector and property tests and the server's API,
#      socket and crash tests (cargo test --workspace) on SQLite, then the server's tests again
#      on a throwaway PostgreSQL (scripts/postgres.sh), with those that run two instances;
#   2. the wasm API under Node and headless Chromium (wasm-pack test);
#   3. the packed npm tarball: Node ESM and CommonJS, interop with otpauth, QR codes read back
#      by zbar, TypeScript declarations, README examples, a plain page and a Vite build in
#      Chromium, and the real server's verdicts against the package's (node --test in tests/js);
#   4. a short run of every fuzz target (scripts/fuzz.sh; FUZZ_SECONDS each, 20 by default).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# A clean run never reuses incremental state: it only costs disk there.
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi
bash scripts/tools.sh test

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
cargo clippy -p twofold --no-default-features --all-targets --quiet -- -D warnings
say "cargo test"
cargo test --workspace

say "starting a throwaway PostgreSQL"
pg_dir=$(mktemp -d)
# By absolute path: a failing step may leave the shell in another directory.
root=$(pwd)
trap 'bash "$root/scripts/postgres.sh" stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
pg_url=$(bash scripts/postgres.sh start "$pg_dir")
say "cargo test, the server on PostgreSQL, two instances included"
TWOFOLD_TEST_POSTGRES=$pg_url cargo test -p twofold-server -- --include-ignored
say "cargo test, OTP half only (the twofold/otp build)"
cargo test -p twofold --no-default-features

say "wasm-pack test --node"
wasm-pack test --node
say "wasm-pack test --headless --chrome"
WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)"

say "building and packing the npm package"
node scripts/build.mjs
rm -rf target/npm && mkdir -p target/npm
npm pack --silent --pack-destination target/npm >/dev/null
tarball=$(ls target/npm/twofold-*.tgz)
ls -l "$tarball" >&2

say "building the server for the end-to-end tests"
cargo build -p twofold-server

say "node --test against $tarball"
cd tests/js
npm install --no-save --no-audit --no-fund --loglevel=error "../../$tarball"
node --test
cd ../..

say "fuzzing every target for ${FUZZ_SECONDS:-20} s"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
