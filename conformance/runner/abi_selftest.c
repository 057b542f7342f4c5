/* A hand-written shared object with the ABI of pyrite.aot.compile_for's
 * exports, so the runner and its protocol can be tested without pyrite's
 * compiler (python/tests/test_conformance.py builds it natively and for the
 * emulated targets):
 *   int32_t f(void *ret, void **args); pyrite_aot_take_error; pyrite_aot_release.
 */
#include <stdint.h>
#include <stdlib.h>

typedef struct {
  void *meminfo, *parent;
  int64_t nitems, itemsize;
  char *data;
  int64_t shape[1], strides[1];
} Array1;
typedef struct {
  void *meminfo, *parent;
  int64_t nitems, itemsize;
  char *data;
  int64_t shape[2], strides[2];
} Array2;

static __thread const char *error_class, *error_message;
static int64_t live;

int32_t pyrite_aot_take_error(const char **cls, const char **msg) {
  *cls = error_class;
  *msg = error_message;
  return 1;
}

void pyrite_aot_release(void *meminfo) {
  --live;
  free(meminfo);
}

/* int64(int64, int64) */
int32_t add_i64(void *ret, void **args) {
  *(int64_t *)ret = *(int64_t *)args[0] + *(int64_t *)args[1];
  return 0;
}

/* float64(float64, float64), ZeroDivisionError on b == 0 */
int32_t div_f64(void *ret, void **args) {
  double b = *(double *)args[1];
  if (b == 0) {
    error_class = "ZeroDivisionError";
    error_message = "division by zero";
    return 1;
  }
  *(double *)ret = *(double *)args[0] / b;
  return 0;
}

/* float64(float64[:]) */
int32_t sum_f64(void *ret, void **args) {
  Array1 *a = args[0];
  double s = 0;
  for (int64_t i = 0; i < a->shape[0]; i++)
    s += *(double *)(a->data + i * a->strides[0]);
  *(double *)ret = s;
  return 0;
}

/* none(float32[:, :]): doubles every element in place */
int32_t double_f32_2d(void *ret, void **args) {
  (void)ret;
  Array2 *a = args[0];
  for (int64_t i = 0; i < a->shape[0]; i++)
    for (int64_t j = 0; j < a->shape[1]; j++)
      *(float *)(a->data + i * a->strides[0] + j * a->strides[1]) *= 2;
  return 0;
}

/* Tuple(int64, float64, bool, float32)(int32, bool, float32) */
struct Mixed {
  int64_t a;
  double b;
  _Bool c;
  float d;
};
int32_t mixed(void *ret, void **args) {
  struct Mixed *m = ret;
  m->a = *(int32_t *)args[0];
  m->b = m->a * 0.5;
  m->c = !*(_Bool *)args[1];
  m->d = *(float *)args[2] * 2;
  return 0;
}

/* array(float64, 1d, C)(int64): a new array owned by a meminfo */
int32_t arange_f64(void *ret, void **args) {
  int64_t n = *(int64_t *)args[0];
  Array1 *r = ret;
  double *d = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
  for (int64_t i = 0; i < n; i++)
    d[i] = (double)i * 1.5;
  r->meminfo = d; /* the meminfo owns the data here */
  r->parent = NULL;
  r->nitems = n;
  r->itemsize = 8;
  r->data = (char *)d;
  r->shape[0] = n;
  r->strides[0] = 8;
  ++live;
  return 0;
}

/* int64(): allocations not yet released */
int32_t live_arrays(void *ret, void **args) {
  (void)args;
  *(int64_t *)ret = live;
  return 0;
}

/* none(): dies with SIGSEGV */
int32_t crash(void *ret, void **args) {
  (void)ret;
  (void)args;
  return *(volatile int *)(uintptr_t)8;
}
