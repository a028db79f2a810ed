#!/bin/sh
# The same-run comparison of the README's CPU performance section: for each model file,
# siliang-cli bench (pp512 at 2 threads, tg128 at 1 and 2), then llama.cpp's llama-bench on
# the same file, so both see the same minute of this shared machine's memory bandwidth.
#
#   tests/tools/bench_same_run.sh FILE.gguf...
#
# SILIANG_CLI (default build/bin/siliang-cli); LLAMA_BENCH_TG: a llama-bench for generation
# (e.g. a -march=native build); LLAMA_BENCH_PP: one for prompt processing (e.g. a build
# without AMX where the native one cannot run it). An unset llama-bench is skipped.
# DEPTH=N adds generation after N cached positions (tg64 @ dN) at 2 threads, ours and
# LLAMA_BENCH_PP's (filling the depth is prompt processing), with that build's tg64 at depth 0
# beside it.
set -eu
cli=${SILIANG_CLI:-build/bin/siliang-cli}
for f in "$@"; do
  echo "### $(basename "$f" .gguf)  $(date -u +%H:%M:%S)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "\$ siliang-cli bench -m $f -p 512 -n 0 -r 3 -t 2"
  "$cli" bench -m "$f" -p 512 -n 0 -r 3 -t 2 2>&1 | grep -E "pp512|memory:"
  for t in 1 2; do
    echo "\$ siliang-cli bench -m $f -p 0 -n 128 -r 3 -t $t"
    "$cli" bench -m "$f" -p 0 -n 128 -r 3 -t "$t" 2>&1 | grep -E "tg128|read bandwidth|memory:"
  done
  if [ -n "${LLAMA_BENCH_TG:-}" ]; then
    echo "\$ llama-bench -m $f -p 0 -n 128 -r 3 -t 1,2"
    "$LLAMA_BENCH_TG" -m "$f" -p 0 -n 128 -r 3 -t 1,2 2>&1 | grep -E "^\| "
  fi
  if [ -n "${LLAMA_BENCH_PP:-}" ]; then
    echo "\$ llama-bench -m $f -p 512 -n 0 -r 3 -t 2"
    "$LLAMA_BENCH_PP" -m "$f" -p 512 -n 0 -r 3 -t 2 2>&1 | grep -E "^\| "
  fi
  if [ -n "${DEPTH:-}" ]; then
    echo "\$ siliang-cli bench -m $f -p 0 -n 64 -r 2 -t 2 -d $DEPTH"
    "$cli" bench -m "$f" -p 0 -n 64 -r 2 -t 2 -d "$DEPTH" 2>&1 | grep -E "tg64|read bandwidth"
    if [ -n "${LLAMA_BENCH_PP:-}" ]; then
      echo "\$ llama-bench -m $f -p 0 -n 64 -r 2 -t 2 -d 0,$DEPTH"
      "$LLAMA_BENCH_PP" -m "$f" -p 0 -n 64 -r 2 -t 2 -d "0,$DEPTH" 2>&1 | grep -E "^\| "
    fi
  fi
done
echo "END $(date -u +%H:%M:%S)"
