// Shared by the kernels' files, not part of the module's interface.
#ifndef IEUM_DISPATCH_H
#define IEUM_DISPATCH_H

/// Whether the AVX2/FMA versions run on this thread: the processor has them and the plain
/// loops were not asked for.
int ieum_fast_kernels(void);

#endif
