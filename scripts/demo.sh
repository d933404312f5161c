#!/usr/bin/env bash
# Builds the package and serves the demo in www/ on http://127.0.0.1:${PORT:-8080}/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/tools.sh
node scripts/build.mjs
exec node scripts/serve.mjs --port "${PORT:-8080}"
