#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include "include/CBLAS.h"
#include "loader.h"

static const char *const names[2] = {"libopenblas.so.0", "liblapacke.so.3"};
static void *handles[2];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int loaded;
static atomic_int pending_threads;

static void fail(const char *what) {
    fprintf(stderr, "thesis: cannot load %s (%s); install the native libraries with Scripts/setup.sh\n", what, dlerror());
    exit(70);
}

/* OpenBLAS first, global, so LAPACK's BLAS calls resolve to it as they would when linked. */
static void load(void) {
    for (int i = 0; i < 2; i++) {
        handles[i] = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
        if (!handles[i]) fail(names[i]);
    }
    int threads = atomic_load(&pending_threads);
    if (threads > 0) {
        void (*set)(int) = (void (*)(int))dlsym(handles[THESIS_OPENBLAS], "openblas_set_num_threads");
        if (!set) fail("openblas_set_num_threads");
        set(threads);
    }
    atomic_store(&loaded, 1);
}

void *thesis_blas_resolve(void *_Atomic *slot, enum thesis_blas_library library, const char *name) {
    void *target = atomic_load_explicit(slot, memory_order_acquire);
    if (target) return target;
    pthread_once(&once, load);
    target = dlsym(handles[library], name);
    if (!target) fail(name);
    atomic_store_explicit(slot, target, memory_order_release);
    return target;
}

int thesis_blas_is_loaded(void) { return atomic_load(&loaded); }

void thesis_blas_set_threads(int count) {
    if (atomic_load(&loaded)) {
        openblas_set_num_threads(count);
        return;
    }
    atomic_store(&pending_threads, count);
    if (atomic_load(&loaded)) openblas_set_num_threads(count); /* loaded meanwhile */
}
