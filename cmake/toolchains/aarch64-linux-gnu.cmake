# Cross-compiling for 64-bit ARM Linux with Debian's GNU cross toolchain
# (apt-get install g++-aarch64-linux-gnu qemu-user), e.g.
#   cmake -S tests/kernels/aarch64 -B build-arm \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
# Programs run through qemu-user with the cross sysroot; `-cpu max` has every
# extension qemu knows (dotprod, i8mm, ...). tests/kernels/aarch64/run_cross_test.sh
# also runs them as a Cortex-A53, which lacks the dot products.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(SILIANG_AARCH64_TRIPLE aarch64-linux-gnu)
set(SILIANG_AARCH64_SYSROOT /usr/${SILIANG_AARCH64_TRIPLE})

set(CMAKE_C_COMPILER ${SILIANG_AARCH64_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${SILIANG_AARCH64_TRIPLE}-g++)

# Libraries and headers from the cross sysroot only; programs (code generators,
# if any) from the host.
set(CMAKE_FIND_ROOT_PATH ${SILIANG_AARCH64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# add_test() and try_run() run target programs through this.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;${SILIANG_AARCH64_SYSROOT};-cpu;max)
