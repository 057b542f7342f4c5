//===- lower/lowering.h - shared state of the lowering .cpp files ---------===//
//
/// \file
/// Internal to lower/: includes LLVM's C++ headers, so only lower/*.cpp may
/// include it. FunctionLowering turns one TypedFunction into one
/// llvm::Function; its members are split over lower_function.cpp (control
/// flow, locals, exceptions), lower_types.cpp (LLVM types, refcounts),
/// lower_ops.cpp (operators, casts, constants), lower_calls.cpp (builtin
/// calls, math, random), lower_generators.cpp (coroutines) and others.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/data_model.h"
#include "passes/parallel_loops.h"
#include "runtime/pyrite_rt.h"
#include "lower/lower.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <functional>
#include <map>
#include <set>
#include <optional>

namespace pyrite::lower {

/// Module-wide state: LLVM context, module, and the functions made so far.
struct ModuleState {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module;
  TargetInfo target;
  Options options;
  std::map<std::string, llvm::Function *> lowered; ///< by TypedFunction::symbol

  llvm::Type *llvm_type(const Type *t);
  /// Type used where a value sits in memory owned by C (bool is i8).
  llvm::Type *memory_type(const Type *t);
  /// How an array element of `dtype` lies in the array's data: memory_type,
  /// but a record's bytes for a structured dtype (whose value is a pointer).
  llvm::Type *element_memory_type(const Type *dtype);
  /// The bytes of one array element of `dtype` (NumPy's itemsize).
  int64_t itemsize(const Type *dtype);
  llvm::StructType *array_struct(int ndim);
  /// The state block of an iterator over `iterable` (see lower_iter.cpp).
  llvm::Type *iter_state_type(const Type *iterable);
  llvm::FunctionCallee runtime(const std::string &name);
  llvm::Function *lower(const typing::TypedFunction &fn);
};

/// The module global a kernel entry keeps its error record's address in
/// (Options::kernel_errors; lower/lower_kernel_errors.cpp).
llvm::GlobalVariable *kernel_error_slot(ModuleState &m);

struct ModuleBuilder::Impl {
  ModuleState state;
};

/// Array struct field indices (ir/data_model.h: the one description of it).
using namespace data_model; // NOLINT: kMemInfo, kShape, ... read as field names here

/// PyriteMemInfo's fields (runtime/pyrite_rt.h) that generators and
/// @jitclass instances set: its data and its destructor.
constexpr uint64_t kMemInfoDataOffset = offsetof(PyriteMemInfo, data);
constexpr uint64_t kMemInfoDtorOffset = offsetof(PyriteMemInfo, dtor);

class FunctionLowering {
public:
  FunctionLowering(ModuleState &m, const typing::TypedFunction &tf, llvm::Function *fn)
      : m_(m), tf_(tf), fn_(fn), b_(m.context) {}
  void run();

  // --- lower_parallel.cpp --------------------------------------------------
  /// Lowers the body of prange loop `loop` of tf_ as a chunk function,
  /// `i32 (ptr env, i64 lo, i64 hi, i64 index)`, that runs iterations
  /// [lo, hi) with its own locals (runtime/pyrite_rt.h: pyrite_rt_parallel_for).
  void run_chunk(const passes::ParallelLoop &loop);

  // --- lower_function.cpp ------------------------------------------------
private:
  /// The entry block: a slot per local, bound flags, iterator states.
  void begin_frame();
  void lower_block(const ir::Block &block);
  void lower_inst(const ir::Inst &in);
  /// Runs `lower` (the lowering of `in`); on a GPU, the calls it emits carry
  /// in's source line ("pyrite.line" metadata, ModuleBuilder::runtime_uses).
  void with_source_line(const ir::Inst &in, const std::function<void()> &lower);
  void lower_terminator(const ir::Inst &in);
  /// Stores into local `name` (a new reference when it holds references);
  /// the reference the slot held is released when the block ends.
  void store_local(const std::string &name, llvm::Value *v, const Type *from,
                   bool slot_is_empty = false);
  void emit_cleanup_and_return(llvm::Value *status);
  void release_block_temps();
  /// Whether `in` (an operator, a call) is implemented by calling another
  /// compiled function, whose result is a new reference.
  bool via_overload(const ir::Inst &in) const;
  /// Whether value `id` is a list (or a list literal indexed as one).
  bool is_list_value(int id) const;
  void add_loop_latches();
  /// One target of unpacking a tuple, or a list (its length checked).
  llvm::Value *extract_item(const ir::Inst &in);
  /// The LLVM block a jump from the current block to block `target` goes to.
  llvm::BasicBlock *successor(int target) const;
  /// Hands the reference value `id` (lowered as `v`) holds to the caller
  /// when this function owns one it would drop at exit; false otherwise.
  bool move_to_return(int id, llvm::Value *v, const Type *rt);
public:
  /// Raises `cls(message)` and leaves through the error destination
  /// (lower/lower_exceptions.cpp). `cls` is a class name; the exception
  /// carries its chain of bases (exception_class_chain).
  void raise(const std::string &cls, const std::string &message);
  /// After an exception was recorded: releases this block's temporaries
  /// and goes to the block's handler, or out of the function.
  void leave_by_exception();
  /// The module constant naming class `cls` with its bases, as raised
  /// exceptions carry it (pyrite_rt.h: pyrite_rt_raise).
  llvm::Value *exception_class_chain(const std::string &cls);
  void lower_raise(const ir::Inst &in);
  /// A raise in GPU code: with Options::kernel_errors, the first one of the
  /// launch is written to the kernel's error record (class, message with
  /// "{0}".."{2}" and their `values`, thread, block, source line); then
  /// the thread ends (lower/lower_kernel_errors.cpp).
  void gpu_raise(const std::string &cls, const std::string &message,
                 const std::vector<llvm::Value *> &values);
  /// Whether indexing checks bounds here: the function's own option, or
  /// the module's for library code. GPU code checks bounds where its kernel
  /// reports errors (Options::kernel_errors) and asked for bounds checks,
  /// in the kernel and every function it calls; it always has
  /// error_model='numpy', as numba.cuda's kernels and every function they
  /// call (@njit helpers, the library).
  bool boundscheck() const {
    if (m_.target.gpu) // the kernel's request reaches every function it calls
      return m_.options.kernel_errors &&
             (m_.options.boundscheck || tf_.boundscheck.value_or(false));
    return tf_.boundscheck.value_or(m_.options.boundscheck);
  }
  bool numpy_errors() const {
    return m_.target.gpu || tf_.numpy_errors.value_or(m_.options.numpy_errors);
  }
  /// parallel=True: the function's own option, or its caller's for library
  /// code (np.mean's sum runs over threads in a parallel function).
  bool parallel() const { return tf_.parallel.value_or(m_.options.parallel); }
  /// Branches to a raising block when `cond` holds; continues otherwise.
  /// `cls` may be dotted (numpy.exceptions.AxisError); with `values` (up to
  /// three int64s), "{0}".."{2}" in the message become their decimal text.
  void raise_if(llvm::Value *cond, const std::string &cls, const std::string &message,
                const std::vector<llvm::Value *> &values = {});
  /// Propagates an exception already raised when `status` is non-zero.
  void propagate_if(llvm::Value *status);
  void incref(llvm::Value *v, const Type *t);
  /// `v` with a reference of its own for storage that outlives the call
  /// (an attribute, an item of a persistent list or dict): an incref,
  /// except for what is borrowed from Python objects: an array without a
  /// meminfo adopts its parent ndarray (pyrite_rt_adopt), text without an
  /// owner is copied, and a list or dict unboxed from an argument is copied;
  /// a list or dict becomes persistent (make_persistent).
  llvm::Value *owned(llvm::Value *v, const Type *t);
  /// A new list holding `list`'s items.
  llvm::Value *list_copy(llvm::Value *list, const Type *lt);
  /// Marks `list` persistent (runtime/pyrite_rt.h), its items then owning
  /// what they borrow: done once, when it is stored in an attribute or in
  /// another persistent container.
  void make_persistent(llvm::Value *list, const Type *lt);
  /// `cond ? then() : otherwise()` as branches that meet in a phi (`then`
  /// the unlikely side); each callback emits its side and returns its value.
  llvm::Value *either(llvm::Value *cond, const std::function<llvm::Value *()> &then,
                      const std::function<llvm::Value *()> &otherwise);
  void decref(llvm::Value *v, const Type *t);
  llvm::AllocaInst *entry_alloca(llvm::Type *t, const char *name);

  // --- lower_ops.cpp -----------------------------------------------------
  llvm::Value *convert(llvm::Value *v, const Type *from, const Type *to);
  llvm::Value *truth(llvm::Value *v, const Type *t);
  /// A float to an integer type, defined for every input (NaN and values
  /// out of range give what NumPy's casts give on x86-64).
  llvm::Value *float_to_int(llvm::Value *v, const Type *to);
  /// int(x): ValueError for NaN, OverflowError for infinities and values
  /// that do not fit `to` (CPython would make a larger int).
  llvm::Value *checked_float_to_int(llvm::Value *v, const Type *to);
  llvm::Value *constant(const ir::Constant &c, const Type *t);
  llvm::Value *frozen_array(const ir::Constant &c, const Type *t);
  llvm::Value *binop(const ir::Inst &in);
  llvm::Value *compare(const ir::Inst &in);
  llvm::Value *unary(const ir::Inst &in);
  llvm::Value *scalar_binop(ir::BinaryOp op, llvm::Value *a, llvm::Value *b, const Type *t);
  llvm::Value *scalar_compare(ir::CompareOp op, llvm::Value *a, llvm::Value *b, const Type *t);
  /// A uint64 against an int64 (`a_signed`: which one is signed), exactly.
  llvm::Value *compare_mixed_sign(ir::CompareOp op, llvm::Value *a, llvm::Value *b,
                                  bool a_signed);
  /// `x in container` / `not in` for arrays and tuples of numbers.
  llvm::Value *contains(const ir::Inst &in, const typing::Resolution &r);
  llvm::Value *scalar_unary(ir::UnaryOp op, llvm::Value *v, const Type *from, const Type *to);
  /// Python's // and % of integers of type `t`: ZeroDivisionError for 0.
  llvm::Value *int_divmod(ir::BinaryOp op, llvm::Value *a, llvm::Value *b, const Type *t);
  llvm::Value *int_divmod_nonzero(ir::BinaryOp op, llvm::Value *a, llvm::Value *b,
                                  const Type *t);
  llvm::Value *int_power(llvm::Value *a, llvm::Value *b, const Type *t);
  llvm::Value *shift(ir::BinaryOp op, llvm::Value *a, llvm::Value *b, const Type *t);
  /// `op` on two elements of an array expression, with NumPy's semantics
  /// where they differ from Python's (division by zero, integer powers).
  llvm::Value *numpy_binop(ir::BinaryOp op, llvm::Value *a, llvm::Value *b, const Type *t);
  /// abs() of a scalar of type `t` (wraps for the most negative integer).
  llvm::Value *absolute(llvm::Value *v, const Type *t);

  // --- lower_arrayexpr.cpp -------------------------------------------------
  /// An operator or ufunc over arrays (and scalars), broadcast as NumPy
  /// does: `f` gets each element converted to the resolution's parameter
  /// types and returns the result element.
  using ElementFn = std::function<llvm::Value *(const std::vector<llvm::Value *> &)>;
  llvm::Value *array_expression(const ir::Inst &in);
  bool is_array_expression(const ir::Inst &in) const;
  /// One element of array expression `in` from its operands' elements.
  llvm::Value *element_op(const ir::Inst &in, const std::vector<llvm::Value *> &operands);
  /// Marks array expressions that their single consumer evaluates inline.
  void plan_fusion();
  /// NEP 50: a Python int operand of `node` (an int64 scalar converted to a
  /// narrower or unsigned integer dtype: `uint8_array + 300`) raises
  /// OverflowError when it does not fit that dtype, as NumPy 2 does,
  /// instead of wrapping.
  void check_python_integers(const ir::Inst &node);
  /// Scalar `value` (a value id) as NumPy holds it: its value and type,
  /// wrapped to the narrower integer NumPy computed it in where Numba's
  /// rules widened it (TypedFunction::numpy_narrow_ints).
  std::pair<llvm::Value *, const Type *> numpy_operand(int value);
  /// Scalar `value` (a value id) converted for a store into an array of
  /// dtype `to`, with NumPy 2's OverflowError for an integer the dtype
  /// cannot hold: NumPy checks every integer stored into int8/16/32 and
  /// Python ints stored into unsigned dtypes (a NumPy integer scalar wraps
  /// there).
  llvm::Value *stored_value(int value, const Type *to);
  /// With `into`, writes the result into that existing array (in-place
  /// operators) instead of a new one.
  llvm::Value *broadcast(const std::vector<std::pair<llvm::Value *, const Type *>> &inputs,
                         const std::vector<const Type *> &element_types, const Type *out_t,
                         const ElementFn &f, bool register_temp, llvm::Value *into = nullptr);
  llvm::Value *float_divmod(ir::BinaryOp op, llvm::Value *a, llvm::Value *b, const Type *t);

  // --- lower_generators.cpp ------------------------------------------------
  /// The promise of generator type `generator`: {status, value}.
  llvm::StructType *promise_type(const Type *generator);
  llvm::Align promise_align(const Type *generator);
  /// At a generator function's entry: the coroutine and its frame, and the
  /// generator value in the return slot.
  void begin_generator();
  /// Before the body: a generator runs at its first next(), not when made.
  void initial_suspend();
  /// coro.suspend, continuing in its resume block; `final` after the body.
  llvm::Value *suspend(bool final, llvm::BasicBlock *on_destroy);
  /// `yield v`: v into the promise, suspend; the result is None.
  llvm::Value *generator_yield(const ir::Inst &in);
  /// The body's end (return, or raise with status 1): leave the status and
  /// go to the final suspend (finish_coroutine).
  void generator_return(llvm::Value *status);
  /// Releases the locals' and iterator states' references.
  void release_frame();
  /// The shared blocks that end every path out of the coroutine.
  void finish_coroutine();
  /// Consumers: resumes generator `gen` of type `t`; true when it yielded
  /// (the value is generator_current's), false when it finished; an
  /// exception it raised propagates.
  llvm::Value *generator_advance(llvm::Value *gen, const Type *t);
  llvm::Value *generator_current(llvm::Value *gen, const Type *t);
  /// The promise of the coroutine `handle` of generator type `t`.
  llvm::Value *promise_of(llvm::Value *handle, const Type *t);

  // --- lower_calls.cpp ---------------------------------------------------
  llvm::Value *make_function(const ir::Inst &in);
  llvm::Value *call(const ir::Inst &in);
  llvm::Value *call_jit(const ir::Inst &in, const typing::Resolution &r);
  llvm::Value *call_builtin(const ir::Inst &in, const typing::Resolution &r,
                            std::vector<llvm::Value *> args);

  // --- lower_builtins.cpp: the rows of builtin_lowering.def --------------
  /// One builtin call: its operands converted to the resolution's parameter
  /// types (a method's receiver first), result type and receiver type.
  struct BuiltinCall {
    const ir::Inst &in;
    const typing::Resolution &r;
    std::vector<llvm::Value *> &args;
    const Type *rt;
    const Type *receiver; ///< a method's receiver type, or null
    const Type *arg_type(const FunctionLowering &fl, size_t k) const;
  };
  using BuiltinLowering = llvm::Value *(FunctionLowering::*)(const BuiltinCall &);
  llvm::Value *lower_cast(const BuiltinCall &c);
  llvm::Value *lower_transpose_axes(const BuiltinCall &c);
  llvm::Value *lower_abs(const BuiltinCall &c);
  llvm::Value *lower_complex(const BuiltinCall &c);
  llvm::Value *lower_round(const BuiltinCall &c);
  llvm::Value *lower_len(const BuiltinCall &c);
  llvm::Value *lower_range(const BuiltinCall &c);
  llvm::Value *lower_print(const BuiltinCall &c);
  llvm::Value *lower_enumerate_zip(const BuiltinCall &c);
  llvm::Value *lower_no_value(const BuiltinCall &c);
  /// numba's thread API in compiled code (the runtime's): get_thread_id,
  /// get/set_num_threads, get/set_parallel_chunksize.
  llvm::Value *lower_thread_api(const BuiltinCall &c);
  llvm::Value *lower_atomic(const BuiltinCall &c);
  /// cuda.shared.array / cuda.local.array (lower_gpu_memory.cpp).
  llvm::Value *lower_gpu_memory(const BuiltinCall &c);
  llvm::Value *lower_empty_list(const BuiltinCall &c);
  llvm::Value *lower_exception(const BuiltinCall &c);
  llvm::Value *lower_objmode(const BuiltinCall &c);
  llvm::Value *lower_min_max(const BuiltinCall &c);
  llvm::Value *lower_reduce(const BuiltinCall &c);
  llvm::Value *lower_reduce_axis(const BuiltinCall &c);
  llvm::Value *lower_random_double(const BuiltinCall &c);
  llvm::Value *lower_random_gauss(const BuiltinCall &c);
  llvm::Value *lower_random_uniform(const BuiltinCall &c);
  llvm::Value *lower_random_seed(const BuiltinCall &c);
  llvm::Value *lower_alloc(const BuiltinCall &c);
  llvm::Value *lower_alloc_like(const BuiltinCall &c);
  llvm::Value *lower_full(const BuiltinCall &c);
  llvm::Value *lower_array_literal(const BuiltinCall &c);
  llvm::Value *lower_same_array(const BuiltinCall &c);
  llvm::Value *lower_array_copy(const BuiltinCall &c);
  llvm::Value *lower_copy(const BuiltinCall &c);
  llvm::Value *lower_float_ufunc(const BuiltinCall &c);
  llvm::Value *lower_minimum_maximum(const BuiltinCall &c);
  llvm::Value *lower_fill(const BuiltinCall &c);
  llvm::Value *lower_transpose(const BuiltinCall &c);
  llvm::Value *lower_ravel(const BuiltinCall &c);
  llvm::Value *lower_reshape(const BuiltinCall &c);
  llvm::Value *lower_view(const BuiltinCall &c);
  llvm::Value *call_math(const std::string &fn, std::vector<llvm::Value *> args,
                         const Type *t);
  // --- lower_llvm_ir.cpp ---------------------------------------------------
  /// Calls an @intrinsic: links the function its textual IR defines into
  /// this module (once) and calls it, inlined.
  llvm::Value *call_llvm_ir(const typing::Resolution &r, std::vector<llvm::Value *> args);
  llvm::Value *getattr(const ir::Inst &in);
  llvm::Value *getitem(const ir::Inst &in);
  void setitem(const ir::Inst &in);
  /// The view `arr[idx]` for integers and slices in `idx` (a new reference).
  llvm::Value *array_view(llvm::Value *arr, const Type *at, llvm::Value *idx,
                          const Type *it, const Type *rt);
  /// The view of `arr` by index items (value, type); a null type keeps the
  /// whole dimension.
  llvm::Value *array_view(llvm::Value *arr, const Type *at,
                          const std::vector<std::pair<llvm::Value *, const Type *>> &items,
                          const Type *rt);
  /// a[i, idx, j:k] with one 1-d integer array among integers and slices
  /// (NumPy's advanced indexing; lower_fancy.cpp): reads copy into a new
  /// array of type rt; writes (value non-null) store value (a scalar, or an
  /// array broadcast to the selection's shape) into the selected elements.
  llvm::Value *fancy_getitem(llvm::Value *arr, const Type *at, llvm::Value *idx,
                             const Type *it, const Type *rt);
  void fancy_setitem(llvm::Value *arr, const Type *at, llvm::Value *idx, const Type *it,
                     llvm::Value *value, const Type *vt);
  llvm::Value *slice_value(const ir::Inst &in);
  /// A slice value applied to a sequence of `dim` items, as CPython's
  /// PySlice_AdjustIndices: the first index, the count and the step
  /// (ValueError for a zero step).
  struct SliceIndices {
    llvm::Value *start, *length, *step;
  };
  SliceIndices slice_indices(llvm::Value *slice, llvm::Value *dim);
  /// `src`, or a copy of it when it shares memory with `dst` other than
  /// element for element, so that writing `dst` cannot change what is read
  /// (NumPy's semantics for overlapping operands). A copy is released with
  /// the block's temporaries.
  /// `src`, or a copy of it when its elements overlap `dst`'s (except, when
  /// `same_is_safe`, when both are the same elements in the same order).
  llvm::Value *unaliased(llvm::Value *src, const Type *st, llvm::Value *dst, const Type *dt,
                         bool same_is_safe = true);
  /// Copies `src` into `dst` (same shape, else ValueError), element by
  /// element; overlapping arrays give NumPy's result.
  void copy_into(llvm::Value *dst, const Type *dt, llvm::Value *src, const Type *st);
  llvm::Value *element_pointer(llvm::Value *arr, const Type *at,
                               const std::vector<llvm::Value *> &idx);
  /// The array element of `dtype` that `p` points at, as a value (a
  /// record's value is `p` itself).
  llvm::Value *load_element(llvm::Value *p, const Type *dtype);
  /// A new str of the NumPy 'U' element (CharSeq `dtype`) at `p`.
  llvm::Value *str_of_chars(llvm::Value *p, const Type *dtype);
  /// The value of the text element at `p`: a new str ('U') or bytes ('S').
  llvm::Value *chars_value(llvm::Value *p, const Type *dtype);
  /// Str `s` into the 'U' element at `p`, or bytes (a uint8 array) into
  /// the 'S' one: truncated or NUL-padded to its width.
  void store_chars(llvm::Value *p, llvm::Value *s, const Type *dtype);
  /// The value of type `t` stored at `p` as memory_type(t) holds it (a
  /// list item, an attribute).
  llvm::Value *load_stored(llvm::Value *p, const Type *t);
  /// A new C-contiguous array of `shape`: ValueError for a negative
  /// dimension or a size that overflows, MemoryError when allocation fails.
  llvm::Value *allocate_array(const Type *at, const std::vector<llvm::Value *> &shape);
  /// a * b in int64, and whether it overflowed.
  std::pair<llvm::Value *, llvm::Value *> checked_mul(llvm::Value *a, llvm::Value *b);
  void fill_array(llvm::Value *arr, const Type *at, llvm::Value *value);
  /// sum/min/max of every element; a sum accumulates in NumPy's
  /// types::sum_type of the dtype.
  llvm::Value *reduce_array(const std::string &op, llvm::Value *arr, const Type *at);
  /// The address of arr[idx] (non-negative indices within the shape, or
  /// any when nothing is read there): no wrapping, no bounds check.
  llvm::Value *unchecked_element_pointer(llvm::Value *arr, const std::vector<llvm::Value *> &idx);
  /// Whether `arr`'s elements fill one block of memory, in C or Fortran order.
  llvm::Value *is_contiguous(llvm::Value *arr, const Type *at);
  /// NumPy's pairwise sum (float32 or float64 `dt`) of `n` elements
  /// `stride` bytes apart from `start`, added to 0.0 as NumPy's reduction.
  llvm::Value *pairwise_sum(llvm::Value *start, llvm::Value *n, llvm::Value *stride,
                            const Type *dt);
  llvm::Value *copy_array(llvm::Value *arr, const Type *at);
  void for_each_masked(llvm::Value *arr, const Type *at, llvm::Value *mask, const Type *mt,
                       const std::function<void(llvm::Value *, llvm::Value *)> &body);
  llvm::Value *masked_copy(llvm::Value *arr, const Type *at, llvm::Value *mask, const Type *mt,
                           const Type *rt);
  llvm::Value *take(llvm::Value *arr, const Type *at, llvm::Value *idx, const Type *it,
                    const Type *rt);
  llvm::Value *reduce_axis(const std::string &op, llvm::Value *arr, const Type *at,
                          llvm::Value *axis, const Type *rt);
  llvm::Value *normalized_axis(llvm::Value *axis, int ndim);
  llvm::Value *numpy_float_op(const std::string &fn, llvm::Value *v, const Type *t);
  llvm::Value *array_from_literal(llvm::Value *literal, const Type *lt, const Type *rt);
  llvm::Value *min_max_propagating_nan(bool is_min, llvm::Value *a, llvm::Value *b,
                                       const Type *t);
  llvm::Value *view_with(llvm::Value *arr, const Type *rt, const std::vector<llvm::Value *> &shape,
                         const std::vector<llvm::Value *> &strides, bool incref_meminfo);
  /// z.real / z.imag of a complex array: a view of one part of each
  /// element (the same shape and byte strides, the part's itemsize).
  llvm::Value *complex_part_view(llvm::Value *arr, const Type *at, const Type *rt, bool imag);
  llvm::Value *transpose_view(llvm::Value *arr, const Type *at, const Type *rt);
  // Records of structured arrays (lower_records.cpp): a record is its
  // element's address.
  /// The field that `in`'s key (args[1]: a constant name or position) selects.
  int record_key(const ir::Inst &in, const Type *record);
  llvm::Value *record_field_pointer(llvm::Value *record, const Type *rt, int field);
  llvm::Value *load_record_field(llvm::Value *record, const Type *rt, int field);
  void store_record_field(llvm::Value *record, const Type *rt, int field, llvm::Value *v,
                          const Type *vt);
  /// A record value for the element at `p` of structured array `arr` (a new
  /// reference to the array's owner).
  llvm::Value *record_of_element(llvm::Value *arr, llvm::Value *p, const Type *rt);

  // a.flat (lower_flat.cpp)
  llvm::Value *flat_element_pointer(llvm::Value *arr, const Type *at, llvm::Value *k);
  llvm::Value *flat_item_pointer(llvm::Value *flat, const Type *ft, llvm::Value *i,
                                 const Type *it);
  llvm::Value *flat_getitem(llvm::Value *flat, const Type *ft, llvm::Value *i, const Type *it,
                            const Type *rt);
  void flat_setitem(llvm::Value *flat, const Type *ft, llvm::Value *i, const Type *it,
                    int value_id);
  /// The element at `src` copied over the one at `dst` (both of record type `rt`).
  void copy_record(llvm::Value *dst, llvm::Value *src, const Type *rt);
  /// a['x']: a view of field `field` of every element (rt: its array type).
  llvm::Value *record_field_view(llvm::Value *arr, const Type *at, int field, const Type *rt);
  /// a.view(dtype) (NumPy's ndarray.view): the same bytes as rt's elements.
  llvm::Value *dtype_view(llvm::Value *arr, const Type *at, const Type *rt);
  /// a.reshape(dims) (one may be -1): a view, or for an array not
  /// C-contiguous whose strides cannot show that shape, a view of a C copy,
  /// as NumPy's reshape.
  llvm::Value *reshape_view(llvm::Value *arr, const Type *at, const Type *rt,
                            std::vector<llvm::Value *> dims);
  llvm::Value *flat_array(llvm::Value *arr, const Type *at, bool always_copy);
  /// Calls body(element pointer) for every element of `arr`, in C order.
  void for_each_element(llvm::Value *arr, const Type *at,
                        const std::function<void(llvm::Value *)> &body);
  /// Calls body(index) for every index of `shape`, in C order.
  void for_each_index(const std::vector<llvm::Value *> &shape,
                      const std::function<void(const std::vector<llvm::Value *> &)> &body);
  llvm::Value *print(const ir::Inst &in, const std::vector<llvm::Value *> &args);
  /// The target's own symbol for math function `fn` at float type `t`
  /// (TargetInfo::math_symbols, e.g. libdevice's __nv_sinf) called, or
  /// nullptr where the target maps none.
  llvm::Value *target_math(const std::string &fn, const std::vector<llvm::Value *> &args,
                           const Type *t);
  /// a ** b for floats of type `t`: the target's pow, else llvm.pow.
  llvm::Value *float_pow(llvm::Value *a, llvm::Value *b, const Type *t);
  llvm::Value *call_intrinsic(const std::string &name, const std::vector<llvm::Value *> &args,
                              const Type *rt);
  /// The value of range(args) (converted to rt's element type; `given` are
  /// the bounds' own types).
  llvm::Value *range_state(const std::vector<llvm::Value *> &args,
                           const std::vector<const Type *> &given, const Type *rt);

  // --- lower_strings.cpp: str (unicode_type) ------------------------------
  llvm::FunctionCallee str_runtime(const std::string &name);
  llvm::Value *make_str(llvm::Value *meminfo, llvm::Value *data, llvm::Value *length,
                        llvm::Value *kind);
  /// A constant str (no owner) of UTF-8 `text`, in the narrowest kind.
  llvm::Value *string_constant(const std::string &text);
  /// A new str of `length` code points of `kind` bytes (contents undefined).
  llvm::Value *new_str(llvm::Value *kind, llvm::Value *length);
  llvm::Value *code_point(llvm::Value *s, llvm::Value *i);
  void set_code_point(llvm::Value *s, llvm::Value *i, llvm::Value *cp);
  /// chr(cp) as a new reference (below U+0100 it owns nothing).
  llvm::Value *char_str(llvm::Value *cp);
  /// s[start:start + length] sharing s's memory (a new reference).
  llvm::Value *substring(llvm::Value *s, llvm::Value *start, llvm::Value *length);
  /// s[i] (IndexError out of range) or s[slice], a new reference.
  llvm::Value *str_getitem(llvm::Value *s, llvm::Value *index, const Type *it);
  llvm::Value *lower_unicode(const BuiltinCall &c);

  // --- lower_lists.cpp: lists ---------------------------------------------
  llvm::FunctionCallee list_runtime(const std::string &name);
  /// The PyriteItemLayout constant of items of type `item`.
  llvm::Constant *item_layout(const Type *item);
  /// A pointer to field `field` of a list's PyriteListPayload.
  llvm::Value *list_field(llvm::Value *list, unsigned field);
  llvm::Value *list_len(llvm::Value *list);
  /// A new list of type `lt` with `size` zeroed items (MemoryError on failure).
  llvm::Value *new_list(const Type *lt, llvm::Value *size, llvm::Value *capacity);
  llvm::Value *item_pointer(llvm::Value *list, const Type *lt, llvm::Value *i);
  /// Item i as a new reference (no bounds check).
  llvm::Value *load_item(llvm::Value *list, const Type *lt, llvm::Value *i);
  /// Stores v (the list takes its own reference) into item i, releasing the
  /// old item unless the slot is empty; marks the list dirty.
  void store_item(llvm::Value *list, const Type *lt, llvm::Value *i, llvm::Value *v,
                  bool slot_is_empty = false);
  /// A Python index into the list: negative counts from the end;
  /// IndexError(message) outside it.
  llvm::Value *list_index(llvm::Value *list, llvm::Value *given, const char *message);
  llvm::Value *list_getitem(llvm::Value *list, const Type *lt, llvm::Value *index,
                            const Type *it);
  void list_setitem(llvm::Value *list, const Type *lt, llvm::Value *index, const Type *it,
                    llvm::Value *v);
  void list_append(llvm::Value *list, const Type *lt, llvm::Value *v);
  llvm::Value *list_pop(llvm::Value *list, const Type *lt, llvm::Value *index);
  /// [a, b, c] as a list of type lt (a new reference, released with the block).
  llvm::Value *list_from_literal(llvm::Value *literal, const Type *from, const Type *lt);
  /// body(k) for k in 0..count-1.
  void for_range(llvm::Value *count, const std::function<void(llvm::Value *)> &body);
  llvm::Value *lower_list_method(const BuiltinCall &c);
  llvm::Value *lower_list_core(const BuiltinCall &c);

  // --- lower_dicts.cpp: dicts ---------------------------------------------
  /// A new empty dict of type `dt` (a typed DictType).
  llvm::Value *new_dict(const Type *dt);
  /// How many of the dict's entries are deleted (len(d) is the entries less these).
  llvm::Value *dict_deleted(llvm::Value *dict, const Type *dt);
  llvm::Value *lower_dict_core(const BuiltinCall &c);
  llvm::Value *lower_exception_core(const BuiltinCall &c);
  llvm::Value *lower_jitclass_core(const BuiltinCall &c);
  /// The address of attribute `k` of @jitclass instance `obj` of type `t`.
  llvm::Value *instance_field(llvm::Value *obj, const Type *t, unsigned k);
  /// The destructor of `t`'s instances in this module: releases the
  /// references the attributes hold (lower_jitclass.cpp).
  llvm::Function *instance_destructor(const Type *t);
  /// Raises AttributeError, as CPython does for an attribute never
  /// assigned, when `value` (attribute `name` of a `cls` instance, of type
  /// `t`) is still the zeros a new instance starts with and `t` has no
  /// such value (a list, dict, set or instance: its owner is null; a str:
  /// no kind; an array: no data).
  void check_attribute_set(llvm::Value *value, const Type *t, const Type *cls,
                           const std::string &name);

  // --- lower_iter.cpp ---------------------------------------------------
  void iter_init(llvm::Value *state, llvm::Value *iterable, const Type *t);
  llvm::Value *iter_has_next(llvm::Value *state, const Type *t);
  llvm::Value *iter_next(llvm::Value *state, const Type *t);
  void iter_release(llvm::Value *state, const Type *t);
  llvm::Value *range_trip_count(llvm::Value *range, const Type *t);
  /// len(range(start, stop, step)) for a nonzero step, as an unsigned int64.
  llvm::Value *trip_count(llvm::Value *start, llvm::Value *stop, llvm::Value *step,
                          bool is_signed);

  // --- shared helpers ----------------------------------------------------
  const Type *type_of(int value) const { return tf_.types.values[value]; }
  llvm::Value *value(int id) const { return values_[id]; }
  /// Operand `k` of `in`, converted to the resolution's parameter type.
  llvm::Value *operand(const ir::Inst &in, size_t k, const typing::Resolution &r);
  llvm::Value *i64(int64_t v) { return b_.getInt64(v); }
  llvm::Value *fp_const(const Type *t, double v);
  llvm::Value *global_string(const std::string &s);
  llvm::IRBuilder<> &builder() { return b_; }

  ModuleState &m_;
  int source_line_ = 0; ///< of the instruction being lowered, on a GPU (with_source_line)
  const typing::TypedFunction &tf_;
  llvm::Function *fn_;
  llvm::IRBuilder<> b_;
  std::vector<llvm::Value *> values_;
  std::map<std::string, llvm::AllocaInst *> locals_;
  /// Parameters holding references that the function never assigns or
  /// deletes: their slots borrow the caller's argument (which the caller
  /// keeps alive for the call) instead of owning a reference, so a call
  /// counts no references for them (no atomic incref/decref pair).
  std::set<std::string> borrowed_params_;
  std::vector<llvm::BasicBlock *> blocks_;
  /// The single latch of each loop header with several back edges.
  std::map<int, llvm::BasicBlock *> latches_;
  int current_block_ = 0;
  llvm::BasicBlock *error_exit_ = nullptr;
  /// Where an exception raised in the block being lowered goes: its
  /// handler's block under `try`, else error_exit_.
  llvm::BasicBlock *error_dest_ = nullptr;
  llvm::AllocaInst *ret_slot_ = nullptr;
  llvm::Value *ret_arg_ = nullptr;
  /// Owned references made in the current block, released at its end.
  std::vector<std::pair<llvm::Value *, const Type *>> temps_;
  /// Values of the current block read from a local whose slot still holds
  /// them (no store to it since), by value id: a return moves them out.
  std::map<int, std::string> loaded_from_;
  std::map<std::string, llvm::Constant *> strings_;
  /// Iterator state blocks by the GetIter value that owns them.
  std::map<int, std::pair<llvm::AllocaInst *, const Type *>> iter_states_;
  /// Array expressions fused into their consumer, by value id.
  std::map<int, const ir::Inst *> fused_;
  /// LoadLocal values that may find their local unbound, and the flag
  /// (an i1 slot, true once stored) of each local they read.
  std::set<int> unbound_loads_;
  std::set<const ir::Inst *> unbound_dels_; ///< `del x` that may find x unbound
  /// Raises UnboundLocalError unless `local`'s flag says it holds a value.
  void check_bound(const std::string &local);
  std::map<std::string, llvm::AllocaInst *> bound_flags_;
  /// A generator function's coroutine (lower_generators.cpp).
  struct Coroutine {
    llvm::Value *id = nullptr, *handle = nullptr;
    llvm::AllocaInst *promise = nullptr;
    llvm::BasicBlock *suspend = nullptr; ///< coro.end, back to whoever resumed
    llvm::BasicBlock *release = nullptr; ///< destroyed at a yield: release the frame's references
    llvm::BasicBlock *free = nullptr;    ///< coro.free, then suspend
    llvm::BasicBlock *finish = nullptr;  ///< the body's end: release, the final suspend
  };
  std::optional<Coroutine> coro_;

  // --- lower_parallel.cpp --------------------------------------------------
  /// parallel=True: the prange loops that run as parallel regions.
  passes::ParallelPlan parallel_plan_;
  /// Their headers, and the blocks of their bodies (which this function
  /// does not run itself).
  std::map<int, const passes::ParallelLoop *> parallel_headers_;
  std::set<int> parallel_bodies_;
  /// In a chunk function: the loop it runs, and where the loop's exit goes.
  const passes::ParallelLoop *region_ = nullptr;
  llvm::BasicBlock *region_done_ = nullptr;
  void plan_parallel_loops();
  /// In place of the header's ForIter: runs the loop's iterations on the
  /// target's threads, then combines the reductions.
  void lower_parallel_loop(const passes::ParallelLoop &loop);
  /// The chunk's start: its locals from the parent's, reductions at their
  /// identity, the prange's iterator over [lo, hi).
  void chunk_prologue(const passes::ParallelLoop &loop);
  /// The chunk's end: its reduction values and last values to the parent.
  void chunk_epilogue(const passes::ParallelLoop &loop);
  llvm::StructType *parallel_env_type(const passes::ParallelLoop &loop);
public:
  /// Automatic parallelization (parallel=True): `body(lo, hi, index, values)`
  /// emits iterations [lo, hi) of a loop of `n` iterations, reading the
  /// parent's `captured` values as `values`. In a parallel=True function
  /// (not itself a chunk) on a target with parallel regions, the body
  /// becomes a chunk function run over threads when n (or `work`, the
  /// elements in all, where an iteration is a row) is large; returns the
  /// number of chunks it ran (a value: per-chunk results go to buffers the
  /// caller passed in `captured`). Otherwise, or when the body would use
  /// another value of the parent, it is emitted inline as [0, n) with
  /// index 0 and the result is 1.
  using ChunkBody = std::function<void(llvm::Value *lo, llvm::Value *hi, llvm::Value *index,
                                       const std::vector<llvm::Value *> &values)>;
  llvm::Value *parallel_range(llvm::Value *n, const std::vector<llvm::Value *> &captured,
                              const ChunkBody &body, llvm::Value *work = nullptr);
  /// Whether array expressions and reductions here run over threads.
  bool auto_parallel() const;
  /// The chunks a whole-array reduction of n elements runs in: one per
  /// thread from kAutoParallelMin elements where auto_parallel(), else 1.
  llvm::Value *reduction_chunks(llvm::Value *n);
  /// The pairwise sum of n contiguous floats of `dt` at `data`, one per
  /// chunk over threads, the chunks' sums added in order.
  llvm::Value *parallel_pairwise_sum(llvm::Value *data, llvm::Value *n, const Type *dt);
private:
  /// The prange's start and step where its call spells them as constants.
  std::pair<std::optional<int64_t>, std::optional<int64_t>>
  prange_constants(const passes::ParallelLoop &loop) const;
  llvm::Value *reduction_identity(const passes::Reduction &r, llvm::Value *like);
  llvm::Value *combine(const passes::Reduction &r, llvm::Value *a, llvm::Value *b);
  llvm::Value *combine_scalars(passes::ReductionOp op, llvm::Value *a, llvm::Value *b,
                               const Type *t);
};

/// True when values of `t` hold references to runtime-allocated memory.
bool holds_references(const Type *t);

/// True when a value of `t` may borrow from Python objects (an array, text,
/// a list or dict unboxed from an argument, or a tuple or Optional of
/// these): what FunctionLowering::owned does more for than an incref.
bool needs_owning(const Type *t);

} // namespace pyrite::lower
