#!/usr/bin/env bash
# Runs the benchmarks (bench/run.mjs): installs and builds what is missing, then measures
# twofold against zxcvbn, @zxcvbn-ts/core, otpauth, otplib and qrcode and writes BENCHMARKS.md.
# Then the native benchmarks of the core (criterion): `cargo bench --bench core`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/tools.sh
node scripts/build.mjs
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
node bench/run.mjs "$@"
