#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets (fuzz/fuzz_targets, libFuzzer with AddressSanitizer),
# installing cargo-fuzz first when it is missing:
#
#   bash scripts/fuzz.sh                      every target for 60 s
#   bash scripts/fuzz.sh 10                   every target for 10 s (the test command's short run)
#   bash scripts/fuzz.sh --runs 10000000 qr   until 10^7 executions, only the `qr` target
#
# Each target starts from its committed seeds (fuzz/seeds/TARGET) and what earlier runs found
# (fuzz/corpus/TARGET, not committed). Prints the executions, the speed and the crashes of
# each; exits 1 if any target crashed, with the input that did it in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# cargo-fuzz needs nightly flags (-Z sanitizer); the stable compiler accepts them with this.
export RUSTC_BOOTSTRAP=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

limit=(-max_total_time=60)
if [ "${1:-}" = --runs ]; then
  limit=(-runs="$2")
  shift 2
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  limit=(-max_total_time="$1")
  shift
fi

if ! command -v cargo-fuzz >/dev/null; then
  say "installing cargo-fuzz (a few minutes, once)"
  cargo install cargo-fuzz --version 0.13.2 --locked
fi

targets=("$@")
say "building the fuzz targets"
if [ ${#targets[@]} -eq 0 ]; then
  cargo fuzz build --fuzz-dir fuzz >&2
  mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
else
  for target in "${targets[@]}"; do cargo fuzz build --fuzz-dir fuzz "$target" >&2; done
fi

failed=0
summary=()
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  log=$(mktemp)
  say "fuzzing $target (${limit[*]})"
  status=0
  # Inputs up to 4 KiB: past every limit the parsers put on their input, so the refusals of
  # what is too long are reached too.
  cargo fuzz run --fuzz-dir fuzz "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    "${limit[@]}" -max_len=4096 -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs=$(awk -F: '/stat::number_of_executed_units/ { gsub(/ /, "", $2); print $2 }' "$log" | tail -1)
  seconds=$(awk '/^Done [0-9]+ runs in/ { print $5 }' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    failed=1
    tail -40 "$log" >&2
    summary+=("$target: CRASHED after ${runs:-?} executions (see fuzz/artifacts/$target/)")
  else
    [ "${seconds:-0}" -gt 0 ] || seconds=1
    rate=$(( ${runs:-0} / seconds ))
    summary+=("$target: ${runs:-?} executions in ${seconds:-?} s (${rate}/s), 0 crashes")
  fi
  rm -f "$log"
done

say "fuzzing, per target"
printf '  %s\n' "${summary[@]}" >&2
exit "$failed"
