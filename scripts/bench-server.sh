#!/usr/bin/env bash
# Sign-ins per second against the real server: builds it (release), starts a throwaway
# PostgreSQL, and runs bench/signin-load.mjs, which rewrites its section of BENCHMARKS.md.
#
#   bash scripts/bench-server.sh [--seconds 10] [--clients 16]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/tools.sh test
cargo build --release -p twofold-server
pg_dir=$(mktemp -d)
trap 'bash scripts/postgres.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
TWOFOLD_BENCH_POSTGRES=$(bash scripts/postgres.sh start "$pg_dir") node bench/signin-load.mjs "$@"
