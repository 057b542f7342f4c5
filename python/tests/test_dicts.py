"""Dicts in compiled code, hash(), and typed.Dict / typed.List: each case
runs the same function under CPython and compares (pyrite/_library/dicts.py
implements dicts on the core's list primitives)."""
import random

import numpy as np
import pytest

from pyrite import njit, typeof, types
from pyrite.errors import TypingError, UnsupportedError
from pyrite.typed import Dict, List


def same(fn, *args):
    """fn compiled and fn run by CPython give equal results on copies of args."""
    import copy
    expected = fn(*copy.deepcopy(args))
    got = njit(fn)(*copy.deepcopy(args))
    assert got == expected, (got, expected)
    assert type(got) is type(expected) or isinstance(got, type(expected))
    return got


# --- displays, comprehensions and constructors ------------------------------------------

def test_display_of_constants():
    def f():
        d = {"a": 1, "b": 2, "c": 3}
        return d["b"], len(d), list(d)
    same(f)


def test_display_of_values_unifies_types():
    def f(x):
        d = {1: x, 2.5: 2}
        return d[1], d[2.5], list(d.items())
    same(f, 1.5)


def test_empty_display_typed_by_first_store():
    def f(n):
        d = {}
        for i in range(n):
            d[i * i] = float(i)
        return d
    assert same(f, 6) == {0: 0.0, 1: 1.0, 4: 2.0, 9: 3.0, 16: 4.0, 25: 5.0}


def test_dict_builtin_without_arguments():
    def f():
        d = dict()
        d["x"] = 1
        return d
    same(f)


def test_comprehension():
    def f(n):
        return {i: str(i) * 2 for i in range(n) if i % 2}
    same(f, 9)


def test_comprehension_over_items():
    def f(d):
        return {v: k for k, v in d.items()}
    same(f, {1: 10, 2: 20})


def test_dict_of_zip_and_pairs():
    def f(keys, values):
        a = dict(zip(keys, values))
        b = dict([(1, 2.0), (3, 4.0)])
        return a, b
    same(f, [1, 2, 3], [1.5, 2.5, 3.5])


def test_dict_copy_constructor_is_independent():
    def f():
        a = {1: 1}
        b = dict(a)
        b[2] = 2
        return len(a), len(b)
    same(f)


# --- operators ------------------------------------------------------------------------

def test_getitem_setitem_overwrite():
    def f():
        d = {1: 1.0}
        d[1] = 5.0
        d[2] = d[1] + 1
        return d
    same(f)


def test_int_and_float_keys_find_each_other():
    def f():
        d = {1.0: "one", 2.5: "two and a half"}
        return d[1], 1 in d, True in d, 2 in d, d.get(2.5, "")
    same(f)


def test_contains_of_another_key_kind_is_false():
    def f():
        d = {1: 2}
        return "a" in d, "a" not in d, 1 in d
    same(f)


def test_delitem_and_reinsert_keep_insertion_order():
    def f():
        d = {i: i for i in range(6)}
        del d[2]
        del d[0]
        d[2] = 20
        d[7] = 70
        return list(d.items())
    same(f)


def test_equality_ignores_order():
    def f():
        a = {1: 1, 2: 2}
        b = {2: 2, 1: 1}
        c = {1: 1, 2: 3}
        return a == b, a != b, a == c, a != c
    same(f)


def test_truth_and_len():
    def f(n):
        d = {}
        d[0] = 0
        del d[0]
        e = {}
        for i in range(n):
            e[i] = i
        return bool(len(d)), len(e), 1 if e else 0, 1 if d else 0
    same(f, 3)


def test_keyerror_int_and_str():
    @njit
    def get(d, k):
        return d[k]
    with pytest.raises(KeyError, match="5"):
        get({1: 2}, 5)
    with pytest.raises(KeyError, match="'b'") as info:
        get({"a": 2}, "b")
    assert info.value.args == ("b",)  # the key itself, as CPython gives it
    with pytest.raises(KeyError) as info:
        get({"a": 2}, "q'u")
    assert str(info.value) == str(KeyError("q'u"))

    @njit
    def delete(d, k):
        del d[k]
    with pytest.raises(KeyError):
        delete({1: 2}, 3)


def test_tuple_keys():
    def f():
        d = {}
        for i in range(4):
            for j in range(3):
                d[(i, j)] = i * j
        return d[(3, 2)], (1, 1) in d, (9, 9) in d, len(d)
    same(f)


def test_heterogeneous_tuple_keys():
    def f():
        d = {(1, "a"): 1.5, (2, "b"): 2.5}
        return d[(2, "b")], d.get((3, "c"), -1.0)
    same(f)


def test_bool_keys():
    def f():
        d = {True: "t", False: "f"}
        return d[1 == 1], d[1 == 2], d[True]
    same(f)


def test_nan_key_is_never_found():
    def f():
        d = {}
        nan = float("nan")
        d[nan] = 1
        d[nan] = 2
        return len(d), nan in d
    # CPython finds a NaN key by identity; a compiled float has none, so each
    # NaN is a new key as in Numba.
    assert njit(f)() == (2, False)


# --- methods -------------------------------------------------------------------------

def test_get_with_and_without_default():
    def f():
        d = {"x": 1}
        a = d.get("x")
        b = d.get("y")
        return a, b, d.get("y", 7), d.get("x", 7)
    same(f)


def test_pop():
    def f():
        d = {1: 10, 2: 20}
        a = d.pop(1)
        b = d.pop(5, -1)
        return a, b, d
    same(f)


def test_pop_missing_raises():
    @njit
    def f():
        d = {1: 1}
        return d.pop(2)
    with pytest.raises(KeyError):
        f()


def test_popitem_is_last_in_first_out():
    def f():
        d = {1: 1, 2: 2, 3: 3}
        del d[3]
        a = d.popitem()
        b = d.popitem()
        return a, b, len(d)
    same(f)


def test_popitem_empty_raises():
    @njit
    def f():
        d = {1: 1}
        d.popitem()
        return d.popitem()
    with pytest.raises(KeyError, match="dictionary is empty"):
        f()


def test_setdefault():
    def f():
        d = {"a": [1]}
        d.setdefault("b", [0]).append(5)
        d.setdefault("a", [0]).append(6)
        return d
    same(f)


def test_update_from_dict_and_pairs():
    def f():
        d = {1: 1.0}
        d.update({2: 2.0, 1: 3.0})
        d.update([(4, 4.0)])
        d.update(zip([5, 6], [5.0, 6.0]))
        return d
    same(f)


def test_clear_then_reuse():
    def f():
        d = {1: 1, 2: 2}
        d.clear()
        n = len(d)
        d[3] = 3
        return n, d
    same(f)


def test_copy_is_shallow():
    def f():
        d = {1: [1, 2]}
        e = d.copy()
        e[1].append(3)
        e[2] = [9]
        return d, e
    same(f)


def test_keys_values_items():
    def f():
        d = {"b": 2, "a": 1, "c": 3}
        return list(d.keys()), list(d.values()), list(d.items()), sorted(d)
    same(f)


def test_sum_min_max_over_views():
    def f():
        d = {3: 1.5, 1: 2.5, 2: 0.5}
        return sum(d.values()), min(d), max(d.values())
    same(f)


# --- iteration ------------------------------------------------------------------------

def test_iteration_skips_deleted_entries():
    def f():
        d = {i: i * i for i in range(10)}
        for k in range(0, 10, 3):
            del d[k]
        out = []
        for k in d:
            out.append(k)
        return out
    same(f)


def test_changing_size_while_iterating_raises():
    @njit
    def grow():
        d = {1: 1}
        for k in d:
            d[k + 1] = 2
    with pytest.raises(RuntimeError, match="changed size during iteration"):
        grow()

    @njit
    def shrink():
        d = {1: 1, 2: 2}
        for k in d:
            del d[k]
    with pytest.raises(RuntimeError, match="changed size during iteration"):
        shrink()


def test_assigning_existing_keys_while_iterating_is_allowed():
    def f():
        d = {1: 1, 2: 2}
        for k in d:
            d[k] = k * 10
        return d
    same(f)


def test_break_out_of_dict_loop():
    def f():
        d = {i: i for i in range(10)}
        for k, v in d.items():
            if v == 4:
                break
        return k
    same(f)


# --- values of every kind -------------------------------------------------------------

def test_values_are_arrays():
    def f(n):
        d = {}
        for i in range(3):
            d[i] = np.arange(n) * i
        return d[2].sum(), len(d)
    same(f, 4)


def test_values_are_lists_shared_by_reference():
    def f():
        d = {"a": [1]}
        lst = d["a"]
        lst.append(2)
        return d["a"]
    same(f)


def test_values_are_dicts():
    def f():
        outer = {}
        for i in range(3):
            inner = {}
            inner[i] = float(i)
            outer[str(i)] = inner
        return outer["2"][2], len(outer)
    same(f)


def test_list_of_dicts():
    def f():
        rows = []
        for i in range(3):
            rows.append({"id": i, "sq": i * i})
        return [r["sq"] for r in rows]
    same(f)


def test_str_values_and_keys():
    def f(text):
        counts = {}
        for word in text.split():
            counts[word] = counts.get(word, 0) + 1
        return counts
    same(f, "the cat and the hat and the bat")


def test_optional_values_from_get():
    def f(d, k):
        v = d.get(k)
        if v is None:
            return -1.0
        return v
    same(f, {1: 2.0}, 1)
    same(f, {1: 2.0}, 3)


# --- many operations against CPython --------------------------------------------------

def _random_ops(d, ops, keys):
    out = []
    for k in range(len(ops)):
        op = ops[k]
        key = keys[k]
        if op == 0:
            d[key] = k
        elif op == 1:
            if key in d:
                del d[key]
        elif op == 2:
            out.append(d.get(key, -1))
        elif op == 3:
            out.append(d.pop(key, -2))
        else:
            out.append(len(d))
    return out, list(d.items())


@pytest.mark.parametrize("seed", range(8))
def test_random_operations_match_cpython(seed):
    rng = random.Random(seed)
    n = 400
    ops = [rng.randrange(5) for _ in range(n)]
    span = rng.choice([5, 50, 500])
    keys = [rng.randrange(-span, span) for _ in range(n)]
    start = {rng.randrange(-span, span): -5 for _ in range(rng.randrange(10))}
    same(_random_ops, start, ops, keys)


def test_growth_and_compaction():
    def f(n):
        d = {}
        for i in range(n):
            d[i] = i
        for i in range(0, n, 2):
            del d[i]
        for i in range(n, n + n // 2):
            d[i] = i
        return len(d), sum(d.keys()), list(d)[:5]
    same(f, 5000)


# --- hash() --------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, 1, -1, -2, 2**61 - 2, 2**61 - 1, 2**61, -2**61, 2**63 - 1,
                                   -2**63, 123456789012345, -98765432123])
def test_hash_of_int(value):
    assert njit(lambda x: hash(x))(value) == hash(value)


@pytest.mark.parametrize("value", [0.0, -0.0, 1.0, -1.0, 0.5, 1e300, -1e-300, 3.14159,
                                   float("inf"), -float("inf"), 2.0**70, 1 / 3, 2.0**-1074])
def test_hash_of_float(value):
    assert njit(lambda x: hash(x))(value) == hash(value)


@pytest.mark.parametrize("value", ["", "a", "héllo", "日本語", "x" * 100, "😀 emoji"])
def test_hash_of_str_is_the_interpreters(value):
    assert njit(lambda x: hash(x))(value) == hash(value)


@pytest.mark.parametrize("value", [(1, 2), (1.5, "a"), ((1, 2), 3), (True, -1), (0.0,)])
def test_hash_of_tuple(value):
    assert njit(lambda x: hash(x))(value) == hash(value)


def test_hash_of_bool_and_small_ints():
    def f():
        return hash(True), hash(False), hash(np.uint64(2**64 - 1)), hash(np.int8(-1))
    assert njit(f)() == (1, 0, hash(2**64 - 1), -2)


def test_hash_of_empty_tuple():
    assert njit(lambda: hash(()))() == hash(())


# --- across the boundary --------------------------------------------------------------

def test_dict_argument_changes_are_written_back():
    @njit
    def f(d):
        d["new"] = 1.5
        del d["old"]
        d["keep"] *= 2
    d = {"old": 1.0, "keep": 2.0}
    f(d)
    assert d == {"keep": 4.0, "new": 1.5}
    assert list(d) == ["keep", "new"]


def test_unchanged_dict_argument_keeps_its_values():
    @njit
    def f(d):
        return d[1].sum()
    a = np.arange(3.0)
    d = {1: a}
    assert f(d) == 3.0
    assert d[1] is a


def test_returned_argument_is_the_same_dict():
    @njit
    def f(d):
        d[2] = 2
        return d
    d = {1: 1}
    assert f(d) is d and d == {1: 1, 2: 2}


def test_typeof_dicts():
    assert typeof({1: 2.0}) == types.DictType(types.int64, types.float64)
    assert typeof({1: 2, 3: 4.5}) == types.DictType(types.int64, types.float64)
    assert typeof({"a": (1, 2)}) == types.DictType(types.unicode_type,
                                                   types.UniTuple(types.int64, 2))
    for bad in ({}, {1: [1]}, {1: {2: 3}}):
        with pytest.raises(ValueError):
            typeof(bad)


def test_typed_dict_empty_from_python_and_compiled_code():
    @njit
    def fill(d, n):
        for i in range(n):
            d[i] = i  # ints stored into a float64 dict
        return len(d)
    d = Dict.empty(key_type=types.int64, value_type=types.float64)
    assert fill(d, 3) == 3
    assert d == {0: 0.0, 1: 1.0, 2: 2.0} and isinstance(d, Dict)
    assert all(isinstance(v, float) for v in d.values())

    @njit
    def make():
        e = Dict.empty(key_type=types.unicode_type, value_type=types.int64)
        e["a"] = 1
        return e
    assert make() == {"a": 1}


def test_typed_dict_converts_items_stored_from_python():
    d = Dict.empty(types.int64, types.float64)
    d[1] = 2
    assert d[1] == 2.0 and isinstance(d[1], float)
    with pytest.raises(TypeError):
        d[1.5] = 1.0
    e = Dict()
    e["x"] = 1
    assert typeof(e) == types.DictType(types.unicode_type, types.int64)


def test_typed_list_from_python_and_compiled_code():
    @njit
    def add(lst):
        lst.append(2)
        return len(lst)
    lst = List.empty_list(types.float64)
    assert add(lst) == 1 and lst == [2.0] and isinstance(lst[0], float)

    @njit
    def make(n):
        out = List.empty_list(types.int64)
        for i in range(n):
            out.append(i)
        return out
    assert make(3) == [0, 1, 2]
    assert List([1, 2, 3]) == [1, 2, 3]


# --- what is refused -------------------------------------------------------------------

def test_unhashable_key_is_a_typing_error():
    @njit
    def f():
        d = {}
        d[[1]] = 1
        return d
    with pytest.raises(TypingError, match="unhashable dict key type"):
        f()


def test_float_into_int_dict_is_a_typing_error():
    @njit
    def f():
        d = {1: 1}
        d[2] = 2.5
        return d
    with pytest.raises(TypingError, match="cannot store float64"):
        f()


def test_empty_dict_never_stored_into_is_a_typing_error():
    @njit
    def f():
        d = {}
        return len(d)
    with pytest.raises(TypingError, match="key and value types of the empty dict in 'd'"):
        f()


def test_dict_unpacking_in_a_display():
    def f(a, b):
        return {**a, 7: 70.0, **b}
    same(f, {1: 1.5, 7: 0.0}, {2: 2.5})


def test_keyword_unpacking_call_is_refused():
    @njit
    def f(a):
        return dict(**a)
    with pytest.raises(UnsupportedError, match=r"f\(\*\*d\) is not supported"):
        f({"x": 1})


def test_large_displays():
    def f(x):
        d = {"a": x, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10,
             "k": 11, "l": 12, "m": 13, "n": 14, "o": 15, "p": 16, "q": 17, "r": 18, "s": 19}
        return len(d), d["s"], d["a"]
    same(f, 1)


def test_optional_values():
    def f(n):
        d = {1: 1, 2: None}
        for i in range(n):
            d[i + 3] = i if i % 2 else None
        return d
    same(f, 4)


def test_same_dict_passed_twice_is_one_dict():
    @njit
    def f(a, b):
        a[1] = 100
        b[2] = 200
        return a[1] + b[2], len(a)
    d = {0: 0}
    assert f(d, d) == (300, 3) and d == {0: 0, 1: 100, 2: 200}


def test_views_walk_again():
    def f(d):
        ks, vs, it = d.keys(), d.values(), d.items()
        return (sum(ks) + min(ks), sum(vs) + max(vs), len(vs), sorted(it), list(it),
                2.0 in vs, (1, 2.0) in it, (1, 3.0) in it)
    same(f, {1: 2.0, 3: 4.0})


def test_keys_changed_during_iteration_raises():
    @njit
    def f():
        d = {i: i for i in range(5)}
        for k in d:
            del d[k]
            d[k + 100] = 1
    with pytest.raises(RuntimeError, match="dictionary keys changed during iteration"):
        f()


def test_enumerate_and_zip_over_dicts_and_sets():
    def f(d, s):
        out = []
        for i, k in enumerate(d):
            out.append(i * k)
        for k, x in zip(d, sorted(s)):
            out.append(k + x)
        return out, {k: v for k, v in zip("abc", [1, 2, 3])}
    same(f, {1: 2, 3: 4}, {5, 6})


def test_hash_of_sliced_text_is_its_text():
    def f(text):
        c = {}
        for w in text.split(" "):
            c[w] = c.get(w, 0) + 1
        return c.get("cat", 0), "cat" in c, hash("日ab"[1:]) == hash("ab")
    same(f, "the cat saw a 日本 cat")


def test_empty_display_passed_on_is_a_clear_typing_error():
    @njit
    def f():
        d = {"a": 1}
        return d.get("a", {})
    with pytest.raises(TypingError, match="an empty dict or set"):
        f()


def test_arrays_of_any_layout_into_a_dict():
    from pyrite.typed import Dict
    float_array = types.float64[:]

    @njit
    def f():
        d = Dict.empty(key_type=types.int64, value_type=float_array)
        d[1] = np.zeros(3)
        d[2] = np.arange(4.0)[::2]
        return d[2].sum() + d[1].sum()
    assert f() == 2.0
