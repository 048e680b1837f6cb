// Which version of each kernel runs: the AVX2/FMA one where the processor has it, the plain
// loops otherwise, or the plain loops on request (tests compare the two).
#include "ckernels.h"
#include "dispatch.h"

static _Thread_local int reference_only = 0, avx2_at_most = 0;

void ieum_use_reference_kernels(int on) { reference_only = on; }

void ieum_use_avx2_kernels(int on) { avx2_at_most = on; }

int ieum_fast_kernels(void) {
#if defined(__x86_64__)
    return !reference_only && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int ieum_avx512_kernels(void) {
#if defined(__x86_64__)
    return ieum_fast_kernels() && !avx2_at_most && __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

int ieum_vnni_kernels(void) {
#if defined(__x86_64__)
    return ieum_avx512_kernels() && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni");
#else
    return 0;
#endif
}
