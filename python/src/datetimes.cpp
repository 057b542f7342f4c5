//===- python/src/datetimes.cpp - datetime64 and timedelta64 at the boundary ===//
#include "datetimes.h"

#include <array>
#include <cstring>
#include <map>
#include <string>

namespace pyrite::python {
namespace {

/// NumPy's unit codes by NPY_DATETIMEUNIT (NPY_FR_Y = 0 ... NPY_FR_GENERIC;
/// 3 was the removed business-day unit).
constexpr std::array<const char *, NPY_FR_GENERIC + 1> kUnitCodes = {
    "Y", "M", "W", nullptr, "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as", ""};

/// The unit of datetime-like `descr` as its NPY_DATETIMEUNIT, or -1 (a
/// multiplier, or no datetime metadata).
int unit_of(PyArray_Descr *descr) {
  if (descr->type_num != NPY_DATETIME && descr->type_num != NPY_TIMEDELTA)
    return -1;
  auto *meta = reinterpret_cast<PyArray_DatetimeDTypeMetaData *>(PyDataType_C_METADATA(descr));
  if (!meta || meta->meta.base < 0 || meta->meta.base > NPY_FR_GENERIC ||
      !kUnitCodes[size_t(meta->meta.base)] ||
      (meta->meta.num != 1 && meta->meta.base != NPY_FR_GENERIC))
    return -1;
  return int(meta->meta.base);
}

const Type *type_of_unit(bool timedelta, int unit) {
  // Interned once per kind and unit: typing an argument costs no lookup by name.
  static std::array<std::array<const Type *, NPY_FR_GENERIC + 1>, 2> known{};
  const Type *&slot = known[timedelta][size_t(unit)];
  if (!slot)
    slot = timedelta ? types::timedelta(kUnitCodes[size_t(unit)])
                     : types::datetime(kUnitCodes[size_t(unit)]);
  return slot;
}

} // namespace

const Type *datetime_of_descr(PyArray_Descr *descr) {
  int unit = unit_of(descr);
  return unit < 0 ? nullptr : type_of_unit(descr->type_num == NPY_TIMEDELTA, unit);
}

const Type *datetime_array_type(PyArrayObject *arr, int layout) {
  constexpr int kMaxNdim = 16;
  int unit = unit_of(PyArray_DESCR(arr)), ndim = PyArray_NDIM(arr);
  if (unit < 0 || ndim > kMaxNdim)
    return nullptr;
  bool timedelta = PyArray_TYPE(arr) == NPY_TIMEDELTA, writeable = PyArray_ISWRITEABLE(arr);
  static std::array<const Type *, 2 * (NPY_FR_GENERIC + 1) * (kMaxNdim + 1) * 3 * 2> known{};
  const Type *&slot =
      known[(((size_t(timedelta) * (NPY_FR_GENERIC + 1) + size_t(unit)) * (kMaxNdim + 1) +
              size_t(ndim)) * 3 + size_t(layout)) * 2 + writeable];
  if (!slot)
    slot = types::array(type_of_unit(timedelta, unit), ndim, "CFA"[layout], !writeable);
  return slot;
}

const Type *typeof_datetime_scalar(PyObject *obj) {
  if (!PyArray_IsScalar(obj, Datetime) && !PyArray_IsScalar(obj, Timedelta))
    return nullptr;
  PyArray_Descr *descr = PyArray_DescrFromScalar(obj);
  const Type *t = datetime_of_descr(descr);
  Py_DECREF(descr);
  return t;
}

PyArray_Descr *datetime_descr(const Type *t) {
  // One dtype object per type, made once (under the GIL, as every caller)
  static std::map<const Type *, PyArray_Descr *> made;
  PyArray_Descr *&descr = made[t];
  if (!descr) {
    std::string text = std::string(t->kind == TypeKind::Datetime ? "M8" : "m8");
    if (!t->name.empty())
      text += "[" + t->name + "]";
    PyObject *spec = PyUnicode_FromString(text.c_str());
    if (!spec)
      return nullptr;
    int ok = PyArray_DescrConverter(spec, &descr);
    Py_DECREF(spec);
    if (!ok) {
      descr = nullptr;
      return nullptr;
    }
  }
  Py_INCREF(descr);
  return descr;
}

PyObject *box_datetime(const void *in, const Type *t) {
  PyArray_Descr *descr = datetime_descr(t);
  if (!descr)
    return nullptr;
  int64_t value;
  std::memcpy(&value, in, sizeof value);
  PyObject *scalar = PyArray_Scalar(&value, descr, nullptr);
  Py_DECREF(descr);
  return scalar;
}

bool unbox_datetime(PyObject *obj, const Type *t, void *out) {
  if (typeof_datetime_scalar(obj) != t) {
    PyErr_Format(PyExc_TypeError, "pyrite: expected an np.%s, got %R", t->display.c_str(), obj);
    return false;
  }
  int64_t value = t->kind == TypeKind::Datetime
                      ? reinterpret_cast<PyDatetimeScalarObject *>(obj)->obval
                      : reinterpret_cast<PyTimedeltaScalarObject *>(obj)->obval;
  std::memcpy(out, &value, sizeof value);
  return true;
}

} // namespace pyrite::python
