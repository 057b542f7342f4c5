//===- targets/cuda/cuda_intrinsics.cpp - the GPU kernel API's intrinsics -===//
//
// Each lowering calls one NVVM intrinsic through the LLVM-C API, as any
// plugin would. The special registers are int32, as in Numba. Then the math
// mapping onto libdevice.
//
//===----------------------------------------------------------------------===//
#include "cuda_intrinsics.h"

#include <llvm-c/Core.h>

#include <cstring>
#include <string>

namespace pyrite::cuda {
namespace {

/// Calls the NVVM intrinsic `name` (not overloaded) with `args`.
LLVMValueRef call_nvvm(PyriteLowerIntrinsicArgs *a, const char *name, const LLVMValueRef *args,
                       unsigned count) {
  unsigned id = LLVMLookupIntrinsicID(name, std::strlen(name));
  if (id == 0) // not in this LLVM: no value, which the host reports as a failed lowering
    return nullptr;
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(a->module, id, nullptr, 0);
  LLVMTypeRef type = LLVMIntrinsicGetType(LLVMGetModuleContext(a->module), id, nullptr, 0);
  return LLVMBuildCall2(a->builder, type, fn, const_cast<LLVMValueRef *>(args), count, "");
}

/// Whether `t` is a 64-bit integer or a double.
bool is_64_bit(LLVMTypeRef t) {
  return LLVMGetTypeKind(t) == LLVMDoubleTypeKind ||
         (LLVMGetTypeKind(t) == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(t) == 64);
}

LLVMValueRef i32(PyriteLowerIntrinsicArgs *a, unsigned v) {
  return LLVMConstInt(LLVMInt32TypeInContext(LLVMGetModuleContext(a->module)), v, 0);
}

// One lowering per special register: `cuda.threadIdx.x` reads %tid.x.
#define PYRITE_SREG(fn, intrinsic)                                      \
  PyriteStatus fn(void *, PyriteLowerIntrinsicArgs *a) {                \
    a->result = call_nvvm(a, "llvm.nvvm.read.ptx.sreg." intrinsic, nullptr, 0); \
    return PYRITE_OK;                                                   \
  }
PYRITE_SREG(tid_x, "tid.x")
PYRITE_SREG(tid_y, "tid.y")
PYRITE_SREG(tid_z, "tid.z")
PYRITE_SREG(ctaid_x, "ctaid.x")
PYRITE_SREG(ctaid_y, "ctaid.y")
PYRITE_SREG(ctaid_z, "ctaid.z")
PYRITE_SREG(ntid_x, "ntid.x")
PYRITE_SREG(ntid_y, "ntid.y")
PYRITE_SREG(ntid_z, "ntid.z")
PYRITE_SREG(nctaid_x, "nctaid.x")
PYRITE_SREG(nctaid_y, "nctaid.y")
PYRITE_SREG(nctaid_z, "nctaid.z")
PYRITE_SREG(laneid, "laneid")
PYRITE_SREG(warpsize, "warpsize")
PYRITE_SREG(dynamic_smem_size, "dynamic_smem_size")
PYRITE_SREG(lanemask_lt, "lanemask.lt")
#undef PYRITE_SREG

/// syncthreads(): the block-wide barrier 0 (bar.sync 0).
PyriteStatus syncthreads(void *, PyriteLowerIntrinsicArgs *a) {
  LLVMValueRef id = i32(a, 0);
  call_nvvm(a, "llvm.nvvm.barrier.cta.sync.aligned.all", &id, 1);
  return PYRITE_OK;
}

/// Ends the calling thread, not the kernel (PTX `exit`): what a thread that
/// raises does (core/lower/lower_kernel_errors.cpp), as numba.cuda's return.
PyriteStatus exit_thread(void *, PyriteLowerIntrinsicArgs *a) {
  call_nvvm(a, "llvm.nvvm.exit", nullptr, 0);
  return PYRITE_OK;
}

/// syncthreads_count/and/or(predicate): the barrier, reducing the
/// threads' predicates (a nonzero int32) to a count or a truth value.
PyriteStatus barrier_reduce(PyriteLowerIntrinsicArgs *a, const char *intrinsic, bool count) {
  if (a->num_args != 1)
    return PYRITE_ERROR;
  LLVMValueRef args[2] = {i32(a, 0),
                          LLVMBuildICmp(a->builder, LLVMIntNE, a->args[0], i32(a, 0), "")};
  LLVMValueRef r = call_nvvm(a, intrinsic, args, 2);
  a->result = count ? r : LLVMBuildZExt(a->builder, r, LLVMTypeOf(i32(a, 0)), "");
  return PYRITE_OK;
}
PyriteStatus syncthreads_count(void *, PyriteLowerIntrinsicArgs *a) {
  return barrier_reduce(a, "llvm.nvvm.barrier.cta.red.popc.aligned.all", true);
}
PyriteStatus syncthreads_and(void *, PyriteLowerIntrinsicArgs *a) {
  return barrier_reduce(a, "llvm.nvvm.barrier.cta.red.and.aligned.all", false);
}
PyriteStatus syncthreads_or(void *, PyriteLowerIntrinsicArgs *a) {
  return barrier_reduce(a, "llvm.nvvm.barrier.cta.red.or.aligned.all", false);
}

/// threadfence(): device-wide memory ordering (membar.gl).
PyriteStatus threadfence(void *, PyriteLowerIntrinsicArgs *a) {
  call_nvvm(a, "llvm.nvvm.membar.gl", nullptr, 0);
  return PYRITE_OK;
}

/// threadfence_block() (membar.cta) and threadfence_system() (membar.sys).
PyriteStatus threadfence_block(void *, PyriteLowerIntrinsicArgs *a) {
  call_nvvm(a, "llvm.nvvm.membar.cta", nullptr, 0);
  return PYRITE_OK;
}
PyriteStatus threadfence_system(void *, PyriteLowerIntrinsicArgs *a) {
  call_nvvm(a, "llvm.nvvm.membar.sys", nullptr, 0);
  return PYRITE_OK;
}

/// Calls LLVM's intrinsic `name` overloaded on the type of `args[0]`.
LLVMValueRef call_overloaded(PyriteLowerIntrinsicArgs *a, const char *name,
                             const LLVMValueRef *args, unsigned count) {
  unsigned id = LLVMLookupIntrinsicID(name, std::strlen(name));
  LLVMTypeRef t = LLVMTypeOf(args[0]);
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(a->module, id, &t, 1);
  LLVMTypeRef type = LLVMIntrinsicGetType(LLVMGetModuleContext(a->module), id, &t, 1);
  return LLVMBuildCall2(a->builder, type, fn, const_cast<LLVMValueRef *>(args), count, "");
}

/// The bit functions of numba.cuda (CUDA's __popc, __clz, __ffs, __brev):
/// popc and clz at the argument's own width and type, brev on uint32/uint64,
/// ffs (the 1-based position of the lowest set bit, 0 for 0) a uint32.
PyriteStatus popc(void *, PyriteLowerIntrinsicArgs *a) {
  a->result = call_overloaded(a, "llvm.ctpop", a->args, 1);
  return PYRITE_OK;
}
PyriteStatus clz(void *, PyriteLowerIntrinsicArgs *a) {
  LLVMValueRef args[2] = {a->args[0],
                          LLVMConstInt(LLVMInt1TypeInContext(LLVMGetModuleContext(a->module)),
                                       0, 0)}; // clz(0) is the width, as CUDA's
  a->result = call_overloaded(a, "llvm.ctlz", args, 2);
  return PYRITE_OK;
}
PyriteStatus brev(void *, PyriteLowerIntrinsicArgs *a) {
  a->result = call_overloaded(a, "llvm.bitreverse", a->args, 1);
  return PYRITE_OK;
}
PyriteStatus ffs(void *, PyriteLowerIntrinsicArgs *a) {
  LLVMValueRef x = a->args[0];
  LLVMTypeRef t = LLVMTypeOf(x);
  LLVMValueRef args[2] = {x, LLVMConstInt(LLVMInt1TypeInContext(LLVMGetModuleContext(a->module)),
                                          0, 0)};
  LLVMValueRef trailing = call_overloaded(a, "llvm.cttz", args, 2);
  LLVMValueRef position = LLVMBuildAdd(a->builder, trailing, LLVMConstInt(t, 1, 0), "");
  LLVMValueRef zero = LLVMBuildICmp(a->builder, LLVMIntEQ, x, LLVMConstInt(t, 0, 0), "");
  LLVMValueRef ffs = LLVMBuildSelect(a->builder, zero, LLVMConstInt(t, 0, 0), position, "");
  a->result = LLVMBuildIntCast2(a->builder, ffs, LLVMTypeOf(i32(a, 0)), 0, "");
  return PYRITE_OK;
}

/// fma(a, b, c): a * b + c rounded once (fma.rn).
PyriteStatus fma(void *, PyriteLowerIntrinsicArgs *a) {
  a->result = call_overloaded(a, "llvm.fma", a->args, 3);
  return PYRITE_OK;
}

/// cbrt(x): libdevice's __nv_cbrt / __nv_cbrtf (linked like the math mapping).
PyriteStatus cbrt(void *, PyriteLowerIntrinsicArgs *a) {
  LLVMTypeRef t = LLVMTypeOf(a->args[0]);
  const char *name = LLVMGetTypeKind(t) == LLVMFloatTypeKind ? "__nv_cbrtf" : "__nv_cbrt";
  LLVMTypeRef type = LLVMFunctionType(t, &t, 1, 0);
  LLVMValueRef fn = LLVMGetNamedFunction(a->module, name);
  if (!fn)
    fn = LLVMAddFunction(a->module, name, type);
  a->result = LLVMBuildCall2(a->builder, type, fn, const_cast<LLVMValueRef *>(a->args), 1, "");
  return PYRITE_OK;
}

/// syncwarp(mask): the warp-level barrier over the lanes of `mask`.
PyriteStatus syncwarp(void *, PyriteLowerIntrinsicArgs *a) {
  if (a->num_args != 1)
    return PYRITE_ERROR;
  call_nvvm(a, "llvm.nvvm.bar.warp.sync", a->args, 1);
  return PYRITE_OK;
}

/// activemask(): the lanes of the warp executing this instruction.
PyriteStatus activemask(void *, PyriteLowerIntrinsicArgs *a) {
  a->result = call_nvvm(a, "llvm.nvvm.activemask", nullptr, 0);
  return PYRITE_OK;
}

/// The votes (mask, predicate): all/any/uni give a bool, ballot the mask
/// of lanes whose predicate is true.
PyriteStatus vote(PyriteLowerIntrinsicArgs *a, const char *intrinsic) {
  if (a->num_args != 2)
    return PYRITE_ERROR;
  a->result = call_nvvm(a, intrinsic, a->args, 2);
  return PYRITE_OK;
}
PyriteStatus vote_all(void *, PyriteLowerIntrinsicArgs *a) {
  return vote(a, "llvm.nvvm.vote.all.sync");
}
PyriteStatus vote_any(void *, PyriteLowerIntrinsicArgs *a) {
  return vote(a, "llvm.nvvm.vote.any.sync");
}
PyriteStatus vote_uni(void *, PyriteLowerIntrinsicArgs *a) {
  return vote(a, "llvm.nvvm.vote.uni.sync");
}
PyriteStatus vote_ballot(void *, PyriteLowerIntrinsicArgs *a) {
  return vote(a, "llvm.nvvm.vote.ballot.sync");
}

/// The warp shuffles (mask, value, lane/delta/lane mask) of a 32- or 64-bit
/// value, as Numba's shfl_sync family: the value moves as i32 halves
/// (shfl.sync.*.b32), with CUDA's clamp for a full-warp width (31 for
/// idx/down/bfly, 0 for up).
PyriteStatus shuffle(PyriteLowerIntrinsicArgs *a, const char *mode) {
  if (a->num_args != 3)
    return PYRITE_ERROR;
  LLVMContextRef ctx = LLVMGetModuleContext(a->module);
  LLVMTypeRef i32t = LLVMInt32TypeInContext(ctx), i64t = LLVMInt64TypeInContext(ctx);
  LLVMValueRef value = a->args[1];
  LLVMTypeRef vt = LLVMTypeOf(value);
  bool wide = is_64_bit(vt);
  LLVMValueRef bits = LLVMBuildBitCast(a->builder, value, wide ? i64t : i32t, "");
  std::string intrinsic = std::string("llvm.nvvm.shfl.sync.") + mode + ".i32";
  LLVMValueRef clamp = i32(a, std::strcmp(mode, "up") == 0 ? 0 : 0x1f);
  auto one = [&](LLVMValueRef half) {
    LLVMValueRef args[4] = {a->args[0], half, a->args[2], clamp};
    return call_nvvm(a, intrinsic.c_str(), args, 4);
  };
  LLVMValueRef out;
  if (!wide) {
    out = one(bits);
  } else {
    LLVMValueRef lo = one(LLVMBuildTrunc(a->builder, bits, i32t, ""));
    LLVMValueRef hi = one(LLVMBuildTrunc(
        a->builder, LLVMBuildLShr(a->builder, bits, LLVMConstInt(i64t, 32, 0), ""), i32t, ""));
    LLVMValueRef low = LLVMBuildZExt(a->builder, lo, i64t, "");
    LLVMValueRef high = LLVMBuildZExt(a->builder, hi, i64t, "");
    LLVMValueRef shifted = LLVMBuildShl(a->builder, high, LLVMConstInt(i64t, 32, 0), "");
    out = LLVMBuildOr(a->builder, low, shifted, "");
  }
  a->result = LLVMBuildBitCast(a->builder, out, vt, "");
  return PYRITE_OK;
}
PyriteStatus shfl_idx(void *, PyriteLowerIntrinsicArgs *a) { return shuffle(a, "idx"); }
PyriteStatus shfl_up(void *, PyriteLowerIntrinsicArgs *a) { return shuffle(a, "up"); }
PyriteStatus shfl_down(void *, PyriteLowerIntrinsicArgs *a) { return shuffle(a, "down"); }
PyriteStatus shfl_bfly(void *, PyriteLowerIntrinsicArgs *a) { return shuffle(a, "bfly"); }

/// match_any_sync(mask, value): the lanes of `mask` whose value equals this
/// lane's (sm_70 and newer).
PyriteStatus match_any(void *, PyriteLowerIntrinsicArgs *a) {
  if (a->num_args != 2)
    return PYRITE_ERROR;
  a->result = call_nvvm(a, is_64_bit(LLVMTypeOf(a->args[1])) ? "llvm.nvvm.match.any.sync.i64" : "llvm.nvvm.match.any.sync.i32",
                        a->args, 2);
  return PYRITE_OK;
}

} // namespace

// One row per shuffle kind and value type: cuda.shfl_sync.<kind>.<type>
// (pyrite/cuda/_warp.py picks the row from the value's type).
#define PYRITE_SHUFFLE_ROWS(kind, fn)                                                          \
  {sizeof(PyriteIntrinsic), "cuda.shfl_sync." kind ".int32", "int32(uint32, int32, int32)", fn}, \
  {sizeof(PyriteIntrinsic), "cuda.shfl_sync." kind ".int64", "int64(uint32, int64, int32)", fn}, \
  {sizeof(PyriteIntrinsic), "cuda.shfl_sync." kind ".uint32", "uint32(uint32, uint32, int32)", fn}, \
  {sizeof(PyriteIntrinsic), "cuda.shfl_sync." kind ".uint64", "uint64(uint32, uint64, int32)", fn}, \
  {sizeof(PyriteIntrinsic), "cuda.shfl_sync." kind ".float32",                                  \
   "float32(uint32, float32, int32)", fn},                                                      \
  {sizeof(PyriteIntrinsic), "cuda.shfl_sync." kind ".float64",                                  \
   "float64(uint32, float64, int32)", fn}

// One row per integer type of a bit function returning its argument's type:
// cuda.<name>.<type> (pyrite/cuda/_bits.py picks the row), as numba.cuda's.
#define PYRITE_SAME_TYPE_ROW(name, fn, type) \
  {sizeof(PyriteIntrinsic), "cuda." name "." type, type "(" type ")", fn}
#define PYRITE_SAME_TYPE_ROWS(name, fn)                                                   \
  PYRITE_SAME_TYPE_ROW(name, fn, "int8"), PYRITE_SAME_TYPE_ROW(name, fn, "int16"),      \
  PYRITE_SAME_TYPE_ROW(name, fn, "int32"), PYRITE_SAME_TYPE_ROW(name, fn, "int64"),     \
  PYRITE_SAME_TYPE_ROW(name, fn, "uint8"), PYRITE_SAME_TYPE_ROW(name, fn, "uint16"),    \
  PYRITE_SAME_TYPE_ROW(name, fn, "uint32"), PYRITE_SAME_TYPE_ROW(name, fn, "uint64")

const PyriteIntrinsic kIntrinsics[] = {
    {sizeof(PyriteIntrinsic), "cuda.threadIdx.x", "int32()", tid_x},
    {sizeof(PyriteIntrinsic), "cuda.threadIdx.y", "int32()", tid_y},
    {sizeof(PyriteIntrinsic), "cuda.threadIdx.z", "int32()", tid_z},
    {sizeof(PyriteIntrinsic), "cuda.blockIdx.x", "int32()", ctaid_x},
    {sizeof(PyriteIntrinsic), "cuda.blockIdx.y", "int32()", ctaid_y},
    {sizeof(PyriteIntrinsic), "cuda.blockIdx.z", "int32()", ctaid_z},
    {sizeof(PyriteIntrinsic), "cuda.blockDim.x", "int32()", ntid_x},
    {sizeof(PyriteIntrinsic), "cuda.blockDim.y", "int32()", ntid_y},
    {sizeof(PyriteIntrinsic), "cuda.blockDim.z", "int32()", ntid_z},
    {sizeof(PyriteIntrinsic), "cuda.gridDim.x", "int32()", nctaid_x},
    {sizeof(PyriteIntrinsic), "cuda.gridDim.y", "int32()", nctaid_y},
    {sizeof(PyriteIntrinsic), "cuda.gridDim.z", "int32()", nctaid_z},
    {sizeof(PyriteIntrinsic), "cuda.laneid", "int32()", laneid},
    {sizeof(PyriteIntrinsic), "cuda.warpsize", "int32()", warpsize},
    {sizeof(PyriteIntrinsic), "cuda.syncthreads", "none()", syncthreads},
    {sizeof(PyriteIntrinsic), "cuda.syncthreads_count", "int32(int32)", syncthreads_count},
    {sizeof(PyriteIntrinsic), "cuda.syncthreads_and", "int32(int32)", syncthreads_and},
    {sizeof(PyriteIntrinsic), "cuda.syncthreads_or", "int32(int32)", syncthreads_or},
    {sizeof(PyriteIntrinsic), "cuda.threadfence", "none()", threadfence},
    {sizeof(PyriteIntrinsic), "cuda.exit", "none()", exit_thread},
    {sizeof(PyriteIntrinsic), "cuda.threadfence_block", "none()", threadfence_block},
    {sizeof(PyriteIntrinsic), "cuda.threadfence_system", "none()", threadfence_system},
    PYRITE_SAME_TYPE_ROWS("popc", popc),
    PYRITE_SAME_TYPE_ROWS("clz", clz),
    {sizeof(PyriteIntrinsic), "cuda.brev.uint32", "uint32(uint32)", brev},
    {sizeof(PyriteIntrinsic), "cuda.brev.uint64", "uint64(uint64)", brev},
    {sizeof(PyriteIntrinsic), "cuda.ffs.int32", "uint32(int32)", ffs},
    {sizeof(PyriteIntrinsic), "cuda.ffs.int64", "uint32(int64)", ffs},
    {sizeof(PyriteIntrinsic), "cuda.ffs.uint32", "uint32(uint32)", ffs},
    {sizeof(PyriteIntrinsic), "cuda.ffs.uint64", "uint32(uint64)", ffs},
    {sizeof(PyriteIntrinsic), "cuda.fma.float32", "float32(float32, float32, float32)", fma},
    {sizeof(PyriteIntrinsic), "cuda.fma.float64", "float64(float64, float64, float64)", fma},
    {sizeof(PyriteIntrinsic), "cuda.cbrt.float32", "float32(float32)", cbrt},
    {sizeof(PyriteIntrinsic), "cuda.cbrt.float64", "float64(float64)", cbrt},
    {sizeof(PyriteIntrinsic), "cuda.dynamic_shared_bytes", "int32()", dynamic_smem_size},
    {sizeof(PyriteIntrinsic), "cuda.lanemask_lt", "uint32()", lanemask_lt},
    {sizeof(PyriteIntrinsic), "cuda.syncwarp", "none(uint32)", syncwarp},
    {sizeof(PyriteIntrinsic), "cuda.activemask", "uint32()", activemask},
    {sizeof(PyriteIntrinsic), "cuda.vote.all", "bool(uint32, bool)", vote_all},
    {sizeof(PyriteIntrinsic), "cuda.vote.any", "bool(uint32, bool)", vote_any},
    {sizeof(PyriteIntrinsic), "cuda.vote.uni", "bool(uint32, bool)", vote_uni},
    {sizeof(PyriteIntrinsic), "cuda.vote.ballot", "int32(uint32, bool)", vote_ballot},
    {sizeof(PyriteIntrinsic), "cuda.match_any_sync.int32", "int32(uint32, int32)", match_any},
    {sizeof(PyriteIntrinsic), "cuda.match_any_sync.int64", "int32(uint32, int64)", match_any},
    PYRITE_SHUFFLE_ROWS("idx", shfl_idx),
    PYRITE_SHUFFLE_ROWS("up", shfl_up),
    PYRITE_SHUFFLE_ROWS("down", shfl_down),
    PYRITE_SHUFFLE_ROWS("bfly", shfl_bfly),
};
#undef PYRITE_SHUFFLE_ROWS
#undef PYRITE_SAME_TYPE_ROWS
#undef PYRITE_SAME_TYPE_ROW
const uint32_t kNumIntrinsics = sizeof kIntrinsics / sizeof kIntrinsics[0];

// math.<f> at float64/float32 -> libdevice's __nv_<f> / __nv_<f>f.
const PyriteMathMapping kMath[] = {
    {sizeof(PyriteMathMapping), "sqrt", "float64", "__nv_sqrt"},
    {sizeof(PyriteMathMapping), "sqrt", "float32", "__nv_sqrtf"},
    {sizeof(PyriteMathMapping), "exp", "float64", "__nv_exp"},
    {sizeof(PyriteMathMapping), "exp", "float32", "__nv_expf"},
    {sizeof(PyriteMathMapping), "log", "float64", "__nv_log"},
    {sizeof(PyriteMathMapping), "log", "float32", "__nv_logf"},
    {sizeof(PyriteMathMapping), "log10", "float64", "__nv_log10"},
    {sizeof(PyriteMathMapping), "log10", "float32", "__nv_log10f"},
    {sizeof(PyriteMathMapping), "log2", "float64", "__nv_log2"},
    {sizeof(PyriteMathMapping), "log2", "float32", "__nv_log2f"},
    {sizeof(PyriteMathMapping), "log1p", "float64", "__nv_log1p"},
    {sizeof(PyriteMathMapping), "log1p", "float32", "__nv_log1pf"},
    {sizeof(PyriteMathMapping), "expm1", "float64", "__nv_expm1"},
    {sizeof(PyriteMathMapping), "expm1", "float32", "__nv_expm1f"},
    {sizeof(PyriteMathMapping), "sin", "float64", "__nv_sin"},
    {sizeof(PyriteMathMapping), "sin", "float32", "__nv_sinf"},
    {sizeof(PyriteMathMapping), "cos", "float64", "__nv_cos"},
    {sizeof(PyriteMathMapping), "cos", "float32", "__nv_cosf"},
    {sizeof(PyriteMathMapping), "tan", "float64", "__nv_tan"},
    {sizeof(PyriteMathMapping), "tan", "float32", "__nv_tanf"},
    {sizeof(PyriteMathMapping), "asin", "float64", "__nv_asin"},
    {sizeof(PyriteMathMapping), "asin", "float32", "__nv_asinf"},
    {sizeof(PyriteMathMapping), "acos", "float64", "__nv_acos"},
    {sizeof(PyriteMathMapping), "acos", "float32", "__nv_acosf"},
    {sizeof(PyriteMathMapping), "atan", "float64", "__nv_atan"},
    {sizeof(PyriteMathMapping), "atan", "float32", "__nv_atanf"},
    {sizeof(PyriteMathMapping), "sinh", "float64", "__nv_sinh"},
    {sizeof(PyriteMathMapping), "sinh", "float32", "__nv_sinhf"},
    {sizeof(PyriteMathMapping), "cosh", "float64", "__nv_cosh"},
    {sizeof(PyriteMathMapping), "cosh", "float32", "__nv_coshf"},
    {sizeof(PyriteMathMapping), "tanh", "float64", "__nv_tanh"},
    {sizeof(PyriteMathMapping), "tanh", "float32", "__nv_tanhf"},
    {sizeof(PyriteMathMapping), "asinh", "float64", "__nv_asinh"},
    {sizeof(PyriteMathMapping), "asinh", "float32", "__nv_asinhf"},
    {sizeof(PyriteMathMapping), "acosh", "float64", "__nv_acosh"},
    {sizeof(PyriteMathMapping), "acosh", "float32", "__nv_acoshf"},
    {sizeof(PyriteMathMapping), "atanh", "float64", "__nv_atanh"},
    {sizeof(PyriteMathMapping), "atanh", "float32", "__nv_atanhf"},
    {sizeof(PyriteMathMapping), "fabs", "float64", "__nv_fabs"},
    {sizeof(PyriteMathMapping), "fabs", "float32", "__nv_fabsf"},
    {sizeof(PyriteMathMapping), "erf", "float64", "__nv_erf"},
    {sizeof(PyriteMathMapping), "erf", "float32", "__nv_erff"},
    {sizeof(PyriteMathMapping), "erfc", "float64", "__nv_erfc"},
    {sizeof(PyriteMathMapping), "erfc", "float32", "__nv_erfcf"},
    {sizeof(PyriteMathMapping), "gamma", "float64", "__nv_tgamma"},
    {sizeof(PyriteMathMapping), "gamma", "float32", "__nv_tgammaf"},
    {sizeof(PyriteMathMapping), "lgamma", "float64", "__nv_lgamma"},
    {sizeof(PyriteMathMapping), "lgamma", "float32", "__nv_lgammaf"},
    {sizeof(PyriteMathMapping), "atan2", "float64", "__nv_atan2"},
    {sizeof(PyriteMathMapping), "atan2", "float32", "__nv_atan2f"},
    {sizeof(PyriteMathMapping), "pow", "float64", "__nv_pow"},
    {sizeof(PyriteMathMapping), "pow", "float32", "__nv_powf"},
    {sizeof(PyriteMathMapping), "hypot", "float64", "__nv_hypot"},
    {sizeof(PyriteMathMapping), "hypot", "float32", "__nv_hypotf"},
    {sizeof(PyriteMathMapping), "copysign", "float64", "__nv_copysign"},
    {sizeof(PyriteMathMapping), "copysign", "float32", "__nv_copysignf"},
    {sizeof(PyriteMathMapping), "fmod", "float64", "__nv_fmod"},
    {sizeof(PyriteMathMapping), "fmod", "float32", "__nv_fmodf"},
    {sizeof(PyriteMathMapping), "floor", "float64", "__nv_floor"},
    {sizeof(PyriteMathMapping), "floor", "float32", "__nv_floorf"},
    {sizeof(PyriteMathMapping), "ceil", "float64", "__nv_ceil"},
    {sizeof(PyriteMathMapping), "ceil", "float32", "__nv_ceilf"},
    {sizeof(PyriteMathMapping), "trunc", "float64", "__nv_trunc"},
    {sizeof(PyriteMathMapping), "trunc", "float32", "__nv_truncf"},
};
const uint32_t kNumMath = sizeof kMath / sizeof kMath[0];

} // namespace pyrite::cuda
