// <immintrin.h>, with GCC 12's false warnings from it silenced: its AVX-512 headers trip its
// own -Wuninitialized / -Wmaybe-uninitialized (the self-initialized _mm512_undefined_* idiom,
// GCC bug 105593, fixed in 13). The warnings point into the header, so silencing them around
// the include leaves our own code checked. For x86-64 code only.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
