#ifndef THESIS_CBLAS_H
#define THESIS_CBLAS_H
/* OpenBLAS's CBLAS and the reference LAPACKE (Debian's OpenBLAS is built with NO_LAPACKE), loaded
 * lazily. OpenBLAS reads OPENBLAS_NUM_THREADS and OPENBLAS_CORETYPE once, in its load-time
 * constructor; linking it would load it before `main` could set them. So the executable does not
 * link either library: each routine below is a forwarder (loader.c, generated) that dlopens
 * libopenblas.so.0 and liblapacke.so.3 on the first call and then calls through a cached pointer.
 * A command that does no linear algebra (a no-op build) never loads them. */
#include <cblas.h>
#include <lapacke.h>

/* Whether OpenBLAS has been loaded in this process (for tests and `--timings`). */
int thesis_blas_is_loaded(void);

/* Sets OpenBLAS's thread count: at once when it is loaded, else when it loads. */
void thesis_blas_set_threads(int count);

#endif
