/*===- runtime/rt_list.c - growable lists ----------------------------------===*
 *
 * \file
 * The memory side of lists (PyriteListPayload in pyrite_rt.h): allocation,
 * growth, deleting and opening ranges, and the destructor that releases the
 * items. Item values are copied as bytes; the references inside an item
 * (PyriteItemLayout) are released here. Compiled into libpyrite-core for the
 * JIT and to bitcode linked into objects built ahead of time; needs only
 * libc.
 *===----------------------------------------------------------------------===*/
#include "pyrite_rt.h"

void *malloc(size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *s, int c, size_t n);

static void release_meminfo(PyriteMemInfo *mi) {
  if (mi && __atomic_sub_fetch(&mi->refcount, 1, __ATOMIC_ACQ_REL) == 0)
    pyrite_rt_meminfo_free(mi);
}

static void release_items(PyriteListPayload *list, int64_t start, int64_t stop) {
  const PyriteItemLayout *layout = list->layout;
  for (int64_t i = start; i < stop; ++i) {
    char *item = list->items + i * layout->itemsize;
    for (int64_t k = 0; k < layout->nrefs; ++k) {
      PyriteMemInfo *mi;
      __builtin_memcpy(&mi, item + layout->ref_offsets[k], sizeof mi);
      release_meminfo(mi);
    }
  }
}

void pyrite_rt_list_release(void *payload) {
  PyriteListPayload *list = (PyriteListPayload *)payload;
  release_items(list, 0, list->size);
  free(list->items);
}

int32_t pyrite_rt_list_reserve(PyriteListPayload *list, int64_t capacity) {
  if (capacity <= list->capacity)
    return 0;
  if (capacity > ((int64_t)1 << 60)) /* no list that long fits in memory */
    return -1;
  /* CPython's list_resize: grow by about 1/8 more than asked, so appends are
   * amortized O(1). */
  int64_t grown = capacity + (capacity >> 3) + (capacity < 9 ? 3 : 6);
  int64_t itemsize = list->layout->itemsize;
  if (grown > (int64_t)0x7fffffffffffffff / (itemsize ? itemsize : 1))
    return -1;
  char *items = (char *)realloc(list->items, (size_t)(grown * itemsize));
  if (!items)
    return -1;
  list->items = items;
  list->capacity = grown;
  return 0;
}

PyriteMemInfo *pyrite_rt_list_new(const PyriteItemLayout *layout, int64_t size,
                                  int64_t capacity) {
  if (size < 0)
    return 0;
  if (capacity < size)
    capacity = size;
  PyriteMemInfo *mi = pyrite_rt_meminfo_alloc_small((int64_t)sizeof(PyriteListPayload));
  if (!mi)
    return 0;
  PyriteListPayload *list = (PyriteListPayload *)mi->data;
  list->size = 0;
  list->capacity = 0;
  list->items = 0;
  list->layout = layout;
  list->dirty = 0;
  list->parent = 0;
  list->persistent = 0;
  if (capacity > 0 && pyrite_rt_list_reserve(list, capacity) != 0) {
    pyrite_rt_meminfo_free(mi);
    return 0;
  }
  if (size > 0)
    memset(list->items, 0, (size_t)(size * layout->itemsize));
  list->size = size;
  mi->dtor = pyrite_rt_list_release;
  return mi;
}

void pyrite_rt_list_delete(PyriteListPayload *list, int64_t start, int64_t stop) {
  if (stop <= start)
    return;
  int64_t itemsize = list->layout->itemsize;
  release_items(list, start, stop);
  memmove(list->items + start * itemsize, list->items + stop * itemsize,
          (size_t)((list->size - stop) * itemsize));
  list->size -= stop - start;
  list->dirty = 1;
}

int32_t pyrite_rt_list_open(PyriteListPayload *list, int64_t at, int64_t count) {
  if (count <= 0)
    return 0;
  if (pyrite_rt_list_reserve(list, list->size + count) != 0)
    return -1;
  int64_t itemsize = list->layout->itemsize;
  memmove(list->items + (at + count) * itemsize, list->items + at * itemsize,
          (size_t)((list->size - at) * itemsize));
  memset(list->items + at * itemsize, 0, (size_t)(count * itemsize));
  list->size += count;
  list->dirty = 1;
  return 0;
}
