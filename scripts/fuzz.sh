#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets (libFuzzer with AddressSanitizer): the core's in
# fuzz/fuzz_targets, the server's in server/fuzz/fuzz_targets,
# installing cargo-fuzz first when it is missing:
#
#   bash scripts/fuzz.sh                      every target for 60 s
#   bash scripts/fuzz.sh 10                   every target for 10 s (the test command's short run)
#   bash scripts/fuzz.sh --runs 10000000 qr   until 10^7 executions, only the `qr` target
#
# FUZZ_SANITIZER=none builds without AddressSanitizer (2–3 times more executions a second; the
# long runs in the README use it for the core, which forbids unsafe code, so ASan has nothing
# of its own to watch). Each sanitizer builds into a target directory of its own.
# FUZZ_TRACE_COMPARES=0 builds without comparison tracing: libFuzzer then learns less from each
# comparison, but the QR encoder's mask scoring, all comparisons, runs about 6 times faster, and
# the checker twice; the long runs of those two use it.
# FUZZ_MAX_LEN caps an input's bytes (4096 by default); the long runs of the checker and the
# QR encoder use a smaller one, since their cost grows with the input.
#
# Each target starts from its committed seeds (DIR/seeds/TARGET) and what earlier runs found
# (DIR/corpus/TARGET, not committed). Prints the executions, the speed and the crashes of
# each; exits 1 if any target crashed, with the input that did it in DIR/artifacts/TARGET/.
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

# The core's targets (fuzz/) and the server's (server/fuzz/), each in a workspace of its own.
dirs=(fuzz server/fuzz)
declare -A dir_of
for dir in "${dirs[@]}"; do
  while read -r target; do dir_of[$target]=$dir; done < <(cargo fuzz list --fuzz-dir "$dir")
done
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for dir in "${dirs[@]}"; do mapfile -t -O "${#targets[@]}" targets < <(cargo fuzz list --fuzz-dir "$dir"); done
fi
for target in "${targets[@]}"; do
  [ -n "${dir_of[$target]:-}" ] || { echo "no fuzz target $target (there are: ${!dir_of[*]})" >&2; exit 2; }
done

sanitizer=${FUZZ_SANITIZER:-address}
flavour=$sanitizer
trace=()
if [ "${FUZZ_TRACE_COMPARES:-1}" = 0 ]; then
  flavour=$sanitizer-notrace
  trace=(--no-trace-compares)
fi
build_flags() { echo --fuzz-dir "$1" --sanitizer "$sanitizer" "${trace[@]}" --target-dir "$1/target/$flavour"; }

say "building the fuzz targets (sanitizer: $sanitizer${trace:+, no comparison tracing})"
for target in "${targets[@]}"; do
  # shellcheck disable=SC2046
  cargo fuzz build $(build_flags "${dir_of[$target]}") "$target" >&2
done

failed=0
summary=()
for target in "${targets[@]}"; do
  dir=${dir_of[$target]}
  mkdir -p "$dir/corpus/$target"
  log=$(mktemp)
  say "fuzzing $target (${limit[*]})"
  status=0
  # Inputs up to 4 KiB by default: past every limit the parsers put on their input, so the
  # refusals of what is too long are reached too.
  # shellcheck disable=SC2046
  cargo fuzz run $(build_flags "$dir") "$target" "$dir/corpus/$target" "$dir/seeds/$target" -- \
    "${limit[@]}" -max_len="${FUZZ_MAX_LEN:-4096}" -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs=$(awk '/stat::number_of_executed_units/ { print $NF }' "$log" | tail -1)
  seconds=$(awk '/^Done [0-9]+ runs in/ { print $5 }' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    failed=1
    tail -40 "$log" >&2
    summary+=("$target: CRASHED after ${runs:-?} executions (see $dir/artifacts/$target/)")
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
