#ifndef CBLAS_SHIM_H
#define CBLAS_SHIM_H
#include <cblas.h>    /* OpenBLAS (pkg-config openblas) */
#include <lapacke.h>  /* reference LAPACKE: Debian's OpenBLAS is built with NO_LAPACKE */
#endif
