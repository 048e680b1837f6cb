// OpenBLAS's C interface, found through pkg-config (libopenblas-dev).
#include <cblas.h>
