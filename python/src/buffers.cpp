//===- python/src/buffers.cpp - bytes-like arguments as arrays ------------===//
#include "buffers.h"

namespace pyrite::python {

using data_model::ArrayHeader;

/// A bytes, bytearray or memoryview argument: a 1-d array over its buffer
/// (typeof.cpp took only C-contiguous bytes). The export is released at
/// once: the caller keeps the object alive, and while the call holds the
/// GIL nothing resizes it; arrays that outlive the call hold an export of
/// their own (box_array, adopt_parent). (A nogil call racing a resize from
/// another thread is not guarded.)
bool unbox_buffer(PyObject *obj, const Type *t, void *out) {
  Py_buffer view;
  if (PyObject_GetBuffer(obj, &view, t->readonly ? PyBUF_SIMPLE : PyBUF_WRITABLE) < 0)
    return false;
  auto *h = static_cast<ArrayHeader *>(out);
  h->meminfo = nullptr;
  h->parent = obj;
  h->nitems = view.len;
  h->itemsize = 1;
  h->data = static_cast<char *>(view.buf);
  h->dims[0] = view.len;
  h->dims[1] = 1;
  PyBuffer_Release(&view);
  return true;
}

bool same_buffer(PyObject *parent, const ArrayHeader &h) {
  Py_buffer view;
  if (PyObject_GetBuffer(parent, &view, PyBUF_SIMPLE) < 0) {
    PyErr_Clear();
    return false;
  }
  bool same = view.buf == h.data && view.len == h.dims[0] && h.dims[1] == 1;
  PyBuffer_Release(&view);
  return same;
}

} // namespace pyrite::python
