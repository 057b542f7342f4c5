//===- python/src/numpy_api.h - one NumPy C-API table for the extension ---===//
//
/// \file
/// Include this instead of NumPy's headers: module.cpp defines the API table
/// (PYRITE_NUMPY_IMPORT) and every other file shares it.
//
//===----------------------------------------------------------------------===//
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define PY_ARRAY_UNIQUE_SYMBOL pyrite_ARRAY_API
#define NPY_NO_DEPRECATED_API NPY_2_0_API_VERSION
#ifndef PYRITE_NUMPY_IMPORT
#define NO_IMPORT_ARRAY
#endif
#include <numpy/arrayobject.h>
#include <numpy/arrayscalars.h>
