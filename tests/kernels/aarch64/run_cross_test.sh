#!/usr/bin/env bash
# Cross-compiles tests/kernels/aarch64 (siliang_kernels_cpu with its NEON kernels
# and two Qt-free tests: the kernels against the reference kernels, the CPU
# backend against its reference path) for AArch64 and runs both under qemu-user
# three times:
#   -cpu max          NEON and NEON + dotprod (best: neondot)
#   -cpu cortex-a53   NEON without dotprod (best: neon; the dotprod kernels skipped)
#   -cpu max with SILIANG_CPU_ISA=neon (the cap; both kernel sets still compared)
# Usage: run_cross_test.sh BUILD_DIR [CMAKE]
# Exits 77 (the ctest SKIP_RETURN_CODE) when the cross compiler, qemu or the
# cross sysroot is missing: installer/setup-deps.sh installs them.
set -euo pipefail

build_dir=${1:?usage: run_cross_test.sh BUILD_DIR [CMAKE]}
cmake_bin=${2:-cmake}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
sysroot=/usr/aarch64-linux-gnu

skip() {
  echo "SKIP: $1 (apt-get install g++-aarch64-linux-gnu qemu-user)"
  exit 77
}
command -v aarch64-linux-gnu-g++ >/dev/null || skip "no aarch64-linux-gnu-g++"
command -v qemu-aarch64 >/dev/null || skip "no qemu-aarch64"
[ -e "$sysroot/lib/ld-linux-aarch64.so.1" ] || skip "no AArch64 sysroot at $sysroot"

"$cmake_bin" -S "$here" -B "$build_dir" \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu.cmake" \
  -DCMAKE_BUILD_TYPE=Release -DSILIANG_WERROR=ON >/dev/null
"$cmake_bin" --build "$build_dir" -j2 --target test_kernels_neon test_backend_neon

# Every run happens even after a failure, so one report shows all of them.
failed=0
run() {
  local cpu=$1
  shift
  for test in test_kernels_neon test_backend_neon; do
    echo "== $test: qemu-aarch64 -cpu $cpu${*:+ with $*}"
    env "$@" qemu-aarch64 -L "$sysroot" -cpu "$cpu" "$build_dir/$test" || failed=1
  done
}
# env -u: the caller's SILIANG_CPU_ISA must not leak into the runs that expect none.
run max -u SILIANG_CPU_ISA SILIANG_EXPECT_BEST=neondot SILIANG_EXPECT_SELECTED=neondot
run cortex-a53 -u SILIANG_CPU_ISA SILIANG_EXPECT_BEST=neon SILIANG_EXPECT_SELECTED=neon
run max SILIANG_CPU_ISA=neon SILIANG_EXPECT_BEST=neondot SILIANG_EXPECT_SELECTED=neon
if ((failed)); then
  echo "aarch64 kernels: FAILED (see above)"
  exit 1
fi
echo "aarch64 kernels: all runs passed"
