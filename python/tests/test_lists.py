"""Lists in compiled code against CPython on the same inputs: literals,
lists typed by their first append, list arguments changed in place and
seen by the caller (Numba's reflected lists), results, lists of numbers,
strings, arrays, tuples and lists, every method, operators, sorted(),
list(), comprehensions (3.11's comprehension functions are inlined as
3.12+ inline them), str.split and join, errors, and that nothing leaks."""
import copy

import numpy as np
import pytest

from pyrite import njit
from pyrite.errors import TypingError


def _check(f, *args):
    want_args = copy.deepcopy(args)
    got_args = copy.deepcopy(args)
    want = f(*want_args)
    got = njit(f)(*got_args)
    assert type(got) is type(want) and got == want, (got, want)
    assert got_args == want_args  # changes to list arguments are written back


# --- building ----------------------------------------------------------------------------

def test_literal_append_and_result():
    def f(n):
        x = [1, 2, 3]
        for i in range(n):
            x.append(i * 10)
        return x
    _check(f, 4)


def test_empty_list_typed_by_its_first_append():
    def f(n):
        out = []
        for i in range(n):
            out.append(i / 2)
        return out, len(out)
    _check(f, 5)
    _check(f, 0)


def test_int_into_float_list():
    def f():
        x = [1.5]
        x.append(2)
        x[0] = 7
        return x
    _check(f)


def test_float_into_int_list_is_refused():
    def f():
        x = [1, 2]
        x.append(2.5)
        return x
    with pytest.raises(TypingError, match="holds int64 items, not float64"):
        njit(f)()


def test_untyped_empty_list_is_refused():
    def f():
        x = []
        return len(x)
    with pytest.raises(TypingError, match="cannot infer the item type of the empty list"):
        njit(f)()


# --- arguments (reflection) --------------------------------------------------------------

def test_argument_changes_are_seen_by_the_caller():
    def f(x):
        x.append(4.0)
        x[0] = -1.0
        x.pop(1)
        return len(x)
    values = [1.0, 2.0, 3.0]
    assert njit(f)(values) == 3
    assert values == [-1.0, 3.0, 4.0]


def test_unchanged_argument_is_not_rewritten():
    def f(x):
        return x[0] + x[-1]
    values = [1, 2, 3]
    items_before = [id(v) for v in values]
    assert njit(f)(values) == 4
    assert [id(v) for v in values] == items_before


def test_returned_argument_is_the_same_list():
    def f(x):
        x.append(9)
        return x
    values = [1, 2]
    out = njit(f)(values)
    assert out is values and values == [1, 2, 9]


def test_changes_before_an_exception_are_written_back():
    def f(x):
        x.append(5)
        raise ValueError("after the append")
    values = [1]
    with pytest.raises(ValueError, match="after the append"):
        njit(f)(values)
    assert values == [1, 5]


def test_mixed_int_and_float_list_argument_is_float64():
    def f(x):
        return x[0] / 2, x
    _check(f, [1, 2.5])


@pytest.mark.parametrize("value, words", [([], "empty lists"), ([[1], [2]], "lists of lists"),
                                          ([1, "a"], "different types")])
def test_lists_without_a_type_are_refused(value, words):
    with pytest.raises(TypingError, match=words):
        njit(lambda x: len(x))(value)


# --- items of every kind -----------------------------------------------------------------

def test_list_of_strings():
    def f(words):
        out = []
        for w in words:
            out.append(w.upper() + "!")
        words.append("new")
        return out, sorted(words), ",".join(words)
    _check(f, ["pear", "Äpfel", "日本"])


def test_list_of_arrays():
    def f(n):
        arrs = []
        for i in range(n):
            arrs.append(np.full(3, float(i)))
        total = 0.0
        for a in arrs:
            total += a.sum()
        return total, len(arrs), arrs[-1][0]
    _check(f, 4)


def test_list_of_tuples_and_bools():
    def f(n):
        pairs = [(0, "zero")]
        flags = [True]
        for i in range(1, n):
            pairs.append((i, str(i)))
            flags.append(i % 2 == 0)
        return pairs, flags, pairs[2][1]
    _check(f, 4)


def test_nested_lists_inside():
    def f(n):
        rows = [[i * j for j in range(n)] for i in range(n)]
        rows[1].append(99)
        return rows, rows[1][-1], len(rows[2])
    _check(f, 3)


# --- indexing, slicing, iteration ---------------------------------------------------------

def test_indexing_and_slices():
    def f(x, i, a, b, c):
        return x[i], x[a:b:c], x[::-1], x[1:], x[:-1]
    cf = njit(f)
    x = [10, 20, 30, 40, 50]
    for i in range(-5, 5):
        for a, b, c in ((0, 5, 1), (-2, 100, 1), (4, 0, -1), (0, 5, 2), (-100, -1, 3)):
            assert cf(list(x), i, a, b, c) == f(list(x), i, a, b, c)
    with pytest.raises(IndexError, match="list index out of range"):
        cf(list(x), 5, 0, 1, 1)


def test_item_assignment_out_of_range():
    def f(x):
        x[10] = 1
    with pytest.raises(IndexError, match="list assignment index out of range"):
        njit(f)([1, 2])


def test_iteration_sees_appends():
    def f(n):
        x = [1]
        for v in x:  # CPython's list iterator reads the length each step
            if len(x) < n:
                x.append(v + 1)
        return x
    _check(f, 6)


def test_truth():
    def f(x):
        if x:
            return 1
        return 0
    _check(f, [1])
    assert njit(f)([1.0]) == 1


# --- methods ----------------------------------------------------------------------------

def test_methods():
    def f(x):
        x.insert(1, 100)
        x.insert(-100, -1)
        x.insert(100, 7)
        x.extend([8, 8])
        x.extend(x)
        x.remove(100)
        i = x.index(7)
        j = x.index(8, i + 1)
        c = x.count(8)
        x.reverse()
        y = x.copy()
        y.append(0)
        p = x.pop()
        q = x.pop(0)
        return x, y, i, j, c, p, q
    _check(f, [3, 1, 2])


def test_method_errors():
    def pop_empty(x):
        x.pop()
        x.pop()
    with pytest.raises(IndexError, match="pop from empty list"):
        njit(pop_empty)([1])

    def pop_far(x):
        return x.pop(5)
    with pytest.raises(IndexError, match="pop index out of range"):
        njit(pop_far)([1])

    def remove_missing(x):
        x.remove(9)
    with pytest.raises(ValueError, match=r"list.remove\(x\): x not in list"):
        njit(remove_missing)([1])

    def index_missing(x):
        return x.index(9)
    with pytest.raises(ValueError, match=r"(9 is not in list|list.index\(x\): x not in list)"):
        njit(index_missing)([1])


@njit
def _last_digit(v):
    return v % 10


def test_sort_is_stable_with_key_and_reverse():
    def f(x):
        a = sorted(x)
        b = sorted(x, reverse=True)
        c = sorted(x, key=_last_digit)
        d = sorted(x, key=_last_digit, reverse=True)
        x.sort()
        return a, b, c, d, x
    _check(f, [31, 12, 21, 2, 11, 32, 1, 22])
    _check(f, [5])


def test_sort_strings_and_floats():
    def f(x, y):
        x.sort()
        y.sort(reverse=True)
        return x, y
    _check(f, ["b", "a", "C", "ä", "aa"], [2.5, -1.0, 3.25, 0.0])


def test_clear_and_list_constructor():
    def f(n, s):
        x = list(range(n))
        y = list(s)
        z = list(x)
        z.append(100)
        x.clear()
        return x, y, z, list(np.arange(3.0))
    _check(f, 4, "héllo")


# --- operators ---------------------------------------------------------------------------

def test_operators():
    def f(a, b, k):
        c = a + b
        d = a * k
        e = k * b
        a += b
        return c, d, e, a, 3 in a, 99 in a, a == c, a != b, b < a, a <= a, b > a, a >= b
    _check(f, [1, 2], [3], 2)
    _check(f, [1, 2], [1, 2, 0], 0)


# --- comprehensions ------------------------------------------------------------------------

def test_comprehensions():
    def f(a, k):
        m = 3
        squares = [x * x for x in range(5)]
        picked = [x * k + m for x in a if x > 1]
        nested = [[i * j for j in range(i)] for i in range(4)]
        words = [w.upper() for w in ("a", "b")]
        return squares, picked, nested, words
    _check(f, [1.0, 2.0, 3.0], 2.0)


def test_comprehension_variable_does_not_leak_out():
    def f(n):
        x = 100
        y = [x for x in range(n)]
        return x, y
    _check(f, 3)


def test_comprehension_in_a_loop_and_in_an_expression():
    def f(n):
        total = 0
        for i in range(n):
            total += len([j for j in range(i)]) + sum([1 for _ in range(2)])
        return total, [str(i) for i in range(n)] + ["end"]
    _check(f, 5)


# --- str.split and friends --------------------------------------------------------------------

@pytest.mark.parametrize("s", ["", "  a b  c  ", "a,b,,c", "x\ny\r\nz\r", "日本 語,テ", ",",
                               "  ", "one", "a\u2028b\x85c\x0bd"])
def test_split_family(s):
    def f(s):
        return (s.split(), s.split(None, 1), s.split(","), s.split(",", 1), s.rsplit(),
                s.rsplit(None, 1), s.rsplit(",", 1), s.splitlines(), s.splitlines(True),
                s.partition(","), s.rpartition(","), "-".join(s.split()))
    _check(f, s)


def test_split_empty_separator():
    def f(s):
        return s.split("")
    with pytest.raises(ValueError, match="empty separator"):
        njit(f)("abc")


def test_word_count():
    def count(text, word):
        n = 0
        for w in text.lower().split():
            if w.strip(".,!") == word:
                n += 1
        return n
    _check(count, "The cat. the CAT! A dog, the end", "the")


# --- ownership ----------------------------------------------------------------------------

def test_no_leaks(live_allocations):
    @njit
    def churn(words, n):
        total = 0
        for i in range(n):
            rows = [[str(j) for j in range(i % 4)] for _ in range(3)]
            rows.append(words)
            rows[0] = sorted(words)
            flat = []
            for r in rows:
                flat.extend(r)
            total += len(" ".join(flat).split())
            if flat:
                flat.pop()
            arrs = [np.zeros(2) for _ in range(2)]
            total += len(arrs)
        return total

    churn(["b", "a"], 3)
    before = live_allocations()
    churn(["b", "a"], 50)
    assert live_allocations() == before


def test_sum_min_max():
    def f(x, w):
        return sum(x), sum(x, 10), min(x), max(x), min(w), max(w), max(w, key=len), \
            min(x, key=_last_digit)
    _check(f, [31, 12, 21, 2, 11], ["pear", "fig", "banana", "kiwi"])

    def empty(x):
        x.pop()
        return min(x)
    with pytest.raises(ValueError, match=r"min\(\) (arg is an empty sequence|iterable argument is empty)"):
        njit(empty)([1])


def test_first_change_types_the_empty_list():
    def f(a):
        x = []
        x.extend(a)
        y = []
        y.insert(0, "s")
        return x, y
    _check(f, [1.5, 2.5])


# --- regressions found by review ------------------------------------------------------------

def test_items_of_written_back_lists_stay_alive():
    # Writing a list back replaces the Python objects that unboxed strings
    # and arrays still point into: they must live until the results exist.
    def pop_str(x):
        s = x.pop()
        return x, s
    words = ["c" * 40 + str(i) for i in range(6)]
    _check(pop_str, words)

    def pop_array(x):
        a = x.pop()
        return x, a
    arrays = [np.arange(5.0) * i for i in range(4)]
    got_list, got_a = njit(pop_array)(list(arrays))
    assert len(got_list) == 3 and np.array_equal(got_a, arrays[-1])

    def move(x, y):
        y.append(x[0])
        x[0] = "z"
        return y
    _check(move, ["a" * 50, "b" * 50], ["c" * 50])


def test_the_same_list_passed_twice_is_one_list():
    def f(x, y):
        x.append("q")
        y.append("r")
        return len(x)
    values = ["a", "b", "c"]
    assert njit(f)(values, values) == 5
    assert values == ["a", "b", "c", "q", "r"]


def test_a_list_in_a_tuple_is_borrowed_not_released():
    def f(n):
        x = [1, 2]
        t = (x, n)
        y = t[0]
        y.append(3)
        z = t[0]
        z.append(4)
        return t, x
    _check(f, 5)

    def g(t):
        y = t[0]
        y.append(7.0)
        return len(y)
    _check(g, ([1.0], 2))


def test_a_list_literal_in_a_tuple_is_one_list():
    def f(n):
        t = ([1, 2], n)
        t[0].append(3)
        t[0].append(4)
        return t
    _check(f, 5)


def test_lists_inside_tuples_inside_list_arguments_are_refused():
    with pytest.raises(TypingError, match="lists of lists"):
        njit(lambda x: len(x))([(1, [2.0])])


def test_inplace_repeat_changes_the_list_itself():
    def f(x):
        y = x
        x *= 2
        return y
    _check(f, [1, 2])

    def g(x):
        x *= 3
    values = [1, 2]
    njit(g)(values)
    assert values == [1, 2, 1, 2, 1, 2]


def test_ordering_decided_by_the_first_unequal_items():
    def f(a, b):
        return a < b, a <= b, a > b, a >= b
    nan = float("nan")
    for a, b in (([nan, 1.0], [1.0, 2.0]), ([1.0, nan], [1.0, 2.0]), ([1.0], [1.0, 0.0]),
                 ([2.0, 0.0], [1.0, 5.0])):
        assert njit(f)(a, b) == f(a, b), (a, b)


def test_index_error_message_is_cpythons():
    def f(x):
        return x.index(2, 4)
    with pytest.raises(ValueError) as want:
        f([1, 2, 3, 2])
    with pytest.raises(ValueError) as got:
        njit(f)([1, 2, 3, 2])
    assert str(got.value) == str(want.value)


def test_repeat_too_long_is_a_memory_error():
    def f(x):
        return len(x * (1 << 62))
    with pytest.raises(MemoryError):
        njit(f)([1, 2])


def test_same_kind_stores():
    def f(x):
        x[0] = x[0] + 1.5  # float64 into a float32 list, as NumPy's same_kind cast
        x.append(2)
        return x
    _check(f, [np.float32(1.0)])


def test_print_of_lists_arrays_and_tuples(capsys):
    def f(x, a):
        print("values", [1.5, 2.5], x, (1, "a"), a, [[1], [2, 3]], [("x", 1.0)])
        return len(x)
    want_out = None
    f(["s", "t"], np.arange(3.0))
    want_out = capsys.readouterr().out
    njit(f)(["s", "t"], np.arange(3.0))
    assert capsys.readouterr().out == want_out


def test_long_sorts_are_stable():
    import random
    rng = random.Random(7)

    def f(x, y):
        a = sorted(x, key=_last_digit)
        b = sorted(x, key=_last_digit, reverse=True)
        c = sorted(y, reverse=True)
        x.sort()
        return a, b, c, x
    for n in (33, 64, 65, 100, 1000):
        x = [rng.randrange(1000) for _ in range(n)]
        y = [rng.choice(["a", "b", "ab", "ba", "é"]) for _ in range(n)]
        _check(f, x, y)


def test_empty_lists_inside_other_lists():
    def f(a):
        return [[1], []], [a, []]
    _check(f, [2])

    def g():
        x = [[]]
        return len(x)
    with pytest.raises(TypingError, match="cannot infer the item type of the empty list"):
        njit(g)()


def test_reversed():
    def f(x, s, a):
        out = []
        for c in reversed(x):
            out.append(c)
        t = ""
        for c in reversed(s):
            t += c
        u = 0.0
        for v in reversed(a):
            u = u * 10 + v
        return out, t, u
    assert njit(f)([1, 2, 3], "abç", np.arange(3.0)) == f([1, 2, 3], "abç", np.arange(3.0))


def test_list_call_without_arguments_is_an_empty_list():
    def f(n):
        x = list()
        for i in range(n):
            x.append(i * 2)
        return x
    assert njit(f)(4) == f(4)


def test_typed_list_and_dict_without_types_in_compiled_code():
    from pyrite import typed

    @njit
    def f(n):
        x = typed.List()
        d = typed.Dict()
        for i in range(n):
            x.append(i * 2)
            d[i] = i * 0.5
        return x, d
    assert f(3) == ([0, 2, 4], {0: 0.0, 1: 0.5, 2: 1.0})


def test_empty_list_call_never_typed_is_a_clear_error():
    from pyrite.errors import TypingError

    @njit
    def f():
        return list()
    with pytest.raises(TypingError, match="cannot infer the item type"):
        f()


def _count(x):
    return len(x)


_count_jit = njit(_count)


def comprehension_passed_on(n):
    x = [i * 10 for i in range(n)]
    return _count_jit(x)


def comprehension_sorted(n):
    x = [(i * 7) % 5 for i in range(n)]
    x.sort()
    return x


@pytest.mark.parametrize("fn", [comprehension_passed_on, comprehension_sorted])
def test_comprehension_list_typed_before_it_is_passed_or_sorted(fn):
    """The comprehension's list is typed by its first append, a round after
    the call that passes it; the call waits (it compiled for list(undefined))."""
    assert njit(fn)(6) == fn(6)


def appends_its_own_length(n):
    x = []
    for i in range(n):
        x.append(len(x))
    return x


def test_list_typed_by_an_append_of_its_own_length():
    """len() of a list not typed yet does not wait for it (it types it)."""
    assert njit(appends_its_own_length)(4) == appends_its_own_length(4)


def _append_comprehensions(n):
    ll = []
    for i in range(n):
        ll.append([j for j in range(i)])
    squares = []
    for i in range(n):
        squares.append([float(j * j) for j in range(3)])
    return len(ll), ll[n - 1], squares[0]


def test_appending_a_comprehension_to_an_empty_list():
    # The bound method is kept in a compiler temporary across the inlined
    # comprehension; the empty list is still typed by this first append.
    assert njit(_append_comprehensions)(4) == _append_comprehensions(4)
