#ifndef THESIS_CBLAS_LOADER_H
#define THESIS_CBLAS_LOADER_H
enum thesis_blas_library { THESIS_OPENBLAS = 0, THESIS_LAPACKE = 1 };

/* The address of `name` in `library`, cached in `slot`; loads the libraries on first use and
 * ends the process with a message naming the library when it cannot be loaded. */
void *thesis_blas_resolve(void *_Atomic *slot, enum thesis_blas_library library, const char *name);
#endif
