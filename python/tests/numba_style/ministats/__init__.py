"""ministats: a small third-party-style library written for Numba.

It uses only Numba's public names (numba.extending, numba.types, llvmlite),
so it runs on Numba and, after pyrite.install_as_numba(), on pyrite.
test_numba_style_package.py runs it under both and compares the results.
"""
import numpy as np
from llvmlite import ir

import numba
from numba import njit, types
from numba.extending import (intrinsic, overload, overload_attribute, overload_method,
                             register_jitable)


def clipped_mean(a, lo, hi):
    """Mean of `a` with every element clipped to [lo, hi] (pure Python)."""
    return float(np.mean(np.clip(a, lo, hi)))


@overload(clipped_mean)
def _clipped_mean(a, lo, hi):
    if not (isinstance(a, types.Array) and a.ndim == 1):
        return None
    if isinstance(a.dtype, types.Float):
        def impl(a, lo, hi):
            s = 0.0
            for x in a:
                s += min(max(x, lo), hi)
            return s / a.shape[0]
        return impl
    if isinstance(a.dtype, types.Integer):
        def impl(a, lo, hi):
            s = 0
            for x in a:
                s += min(max(x, lo), hi)
            return s / a.shape[0]
        return impl
    return None


@register_jitable
def kahan_step(total, comp, x):
    y = x - comp
    t = total + y
    return t, (t - total) - y


@overload_method(types.Array, "kahan_sum")
def _kahan_sum(a, start=0.0):
    if isinstance(a.dtype, types.Float):
        def impl(a, start=0.0):
            total, comp = start, 0.0
            for i in range(a.shape[0]):
                total, comp = kahan_step(total, comp, a[i])
            return total
        return impl
    return None


@overload_attribute(types.Array, "span")
def _span(a):
    if a.ndim == 1:
        def impl(a):
            return a.max() - a.min()
        return impl
    return None


@intrinsic
def rotl64(typingctx, x, k):
    """Rotates the 64-bit integer x left by k bits (LLVM IR from llvmlite)."""
    if not (isinstance(x, types.Integer) and isinstance(k, types.Integer)):
        return None
    sig = types.uint64(types.uint64, types.uint64)

    def codegen(context, builder, signature, args):
        v, n = args
        i64 = ir.IntType(64)
        n = builder.and_(n, ir.Constant(i64, 63))
        back = builder.and_(builder.sub(ir.Constant(i64, 64), n), ir.Constant(i64, 63))
        return builder.or_(builder.shl(v, n), builder.lshr(v, back))
    return sig, codegen


@intrinsic
def fma(typingctx, a, b, c):
    """a * b + c with one rounding: a call to the declared llvm.fma.f64."""
    if not all(isinstance(t, types.Float) for t in (a, b, c)):
        return None
    sig = types.float64(types.float64, types.float64, types.float64)

    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.DoubleType(), [ir.DoubleType()] * 3)
        fn = builder.module.globals.get("llvm.fma.f64") or ir.Function(
            builder.module, fnty, name="llvm.fma.f64")
        return builder.call(fn, args)
    return sig, codegen


@njit
def summary(a, lo, hi):
    return clipped_mean(a, lo, hi), a.kahan_sum(), a.kahan_sum(1.0), a.span


@njit
def int_summary(a, lo, hi):
    return clipped_mean(a, lo, hi), a.span


@njit
def hash_mix(values):
    h = np.uint64(0x9E3779B97F4A7C15)
    for v in values:
        h = rotl64(h ^ np.uint64(v), np.uint64(27)) * np.uint64(0x100000001B3)
    return h


@njit
def poly(x, c0, c1, c2):
    return fma(fma(c2, x, c1), x, c0)


def using_numba_name():
    return numba.__name__
