#!/usr/bin/env bash
# Builds the package and the backend, then serves the front end in www/ and the JSON API on
# http://127.0.0.1:${PORT:-8080}/ with the SQLite file data/twofold.sqlite3 and the demo
# tenant `acme` (its administrator's password is printed the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/tools.sh
node scripts/build.mjs
cargo build --release -p twofold-server
exec target/release/twofold-server --demo --listen "127.0.0.1:${PORT:-8080}" --database data/twofold.sqlite3 --www www --package .
