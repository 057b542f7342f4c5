"""Control flow: if/elif/else, for over range (every step form), while,
break/continue, for/while ... else, nested loops, early returns, loop-carried
values of changing type, short-circuit evaluation."""
from ..suite import Case


def sum_range(n):
    s = 0
    for i in range(n):
        s += i
    return s


def range_forms(a, b, c):
    s = 0
    for i in range(a):
        s += i
    for i in range(a, b):
        s += 3 * i
    for i in range(b, a, c):
        s -= i
    for i in range(a, b, -c):
        s += 7 * i
    return s


def while_collatz(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def break_continue(n):
    s = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        if i > 50:
            break
        s += i
    return s


def for_else(n, stop):
    s = 0
    for i in range(n):
        if i == stop:
            break
        s += i
    else:
        s = -s
    return s


def while_else(n, stop):
    i = 0
    while i < n:
        if i == stop:
            break
        i += 1
    else:
        return -1
    return i


def nested_loops(n, m):
    s = 0
    for i in range(n):
        for j in range(m):
            if j > i:
                break
            for k in range(j, i):
                s += (i * j) ^ k
    return s


def early_return(n):
    for i in range(n):
        if i * i > n:
            return i
    return -1


def elif_chain(x):
    if x < -10:
        return 0
    elif x < 0:
        return 1
    elif x == 0:
        return 2
    elif x < 10:
        return 3
    else:
        return 4


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def count_primes(n):
    count = 0
    for k in range(n):
        if k < 2:
            continue
        prime = True
        d = 2
        while d * d <= k:
            if k % d == 0:
                prime = False
                break
            d += 1
        if prime:
            count += 1
    return count


def short_circuit(a, b):
    # b == 0 must not be divided by: `and` short-circuits
    r = 0
    if b != 0 and a // b > 2:
        r += 1
    if b == 0 or a % b == 1:
        r += 10
    return r


def newton_sqrt(x):
    if x == 0.0:
        return 0.0
    g = x
    for _ in range(100):
        nxt = 0.5 * (g + x / g)
        if abs(nxt - g) <= 1e-15 * g:
            return nxt
        g = nxt
    return g


def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def loop_var_after_loop(n):
    i = -1
    for i in range(n):
        pass
    return i


def nested_while_break(n):
    total = 0
    i = 0
    while True:
        j = 0
        while True:
            if j >= i:
                break
            total += j
            j += 1
        i += 1
        if i > n:
            break
    return total


def float_loop_accumulate(n):
    s = 0.0
    x = 1.0
    for i in range(n):
        s += x / (i + 1)
        x = -x
    return s


def bisect_root(lo, hi):
    # root of x**3 - 2x - 5
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        f = mid * mid * mid - 2.0 * mid - 5.0
        if f > 0.0:
            hi = mid
        else:
            lo = mid
        if hi - lo < 1e-15:
            break
    return lo


def ternary_chain(x):
    return 1 if x > 0 else (-1 if x < 0 else 0)


def bool_loop_flag(n):
    found = False
    for i in range(n):
        if i * 7 % 11 == 5:
            found = True
    return found


CASES = [
    Case("for_range_sum", sum_range, "int64(int64)", [(0,), (1,), (10,), (100000,), (-5,)],
         tags={"loop"}),
    Case("range_forms", range_forms, "int64(int64, int64, int64)",
         [(3, 9, 2), (5, 1, 1), (0, 10, 3), (-4, 4, 5)], tags={"loop"}),
    Case("while_collatz", while_collatz, "int64(int64)", [(1,), (6,), (27,), (97,)],
         tags={"loop"}),
    Case("break_continue", break_continue, "int64(int64)", [(0,), (10,), (100,)],
         tags={"loop"}),
    Case("for_else", for_else, "int64(int64, int64)", [(10, 5), (10, 20), (0, 0)],
         tags={"loop"}),
    Case("while_else", while_else, "int64(int64, int64)", [(10, 5), (10, 20), (0, 0)],
         tags={"loop"}),
    Case("nested_loops", nested_loops, "int64(int64, int64)", [(5, 5), (12, 7), (0, 3)],
         tags={"loop"}),
    Case("early_return", early_return, "int64(int64)", [(0,), (50,), (1000,)], tags={"loop"}),
    Case("elif_chain", elif_chain, "int64(int64)", [(-20,), (-3,), (0,), (5,), (15,)],
         tags={"branch"}),
    Case("is_prime", is_prime, "bool(int64)", [(0,), (2,), (97,), (91,), (7919,)],
         tags={"loop", "branch"}),
    Case("count_primes", count_primes, "int64(int64)", [(100,), (2000,)], tags={"loop"}),
    Case("short_circuit", short_circuit, "int64(int64, int64)",
         [(10, 0), (10, 3), (7, 2), (-9, 5)], tags={"branch"}),
    Case("newton_sqrt", newton_sqrt, "float64(float64)", [(2.0,), (1e10,), (0.0,), (1e-10,)],
         tags={"loop", "float"}),
    Case("gcd", gcd, "int64(int64, int64)", [(48, 18), (17, 5), (0, 9), (2**40, 2**20 * 3)],
         tags={"loop"}),
    Case("loop_variable_after_loop", loop_var_after_loop, "int64(int64)", [(0,), (5,)],
         tags={"loop"}),
    Case("nested_while_break", nested_while_break, "int64(int64)", [(0,), (10,)],
         tags={"loop"}),
    Case("float_loop_accumulate", float_loop_accumulate, "float64(int64)", [(1,), (1000,)],
         tags={"loop", "float"}),
    Case("bisect_root", bisect_root, "float64(float64, float64)", [(2.0, 3.0)],
         tags={"loop", "float"}),
    Case("ternary_chain", ternary_chain, "int64(float64)", [(2.5,), (-0.5,), (0.0,)],
         tags={"branch"}),
    Case("bool_loop_flag", bool_loop_flag, "bool(int64)", [(3,), (20,)], tags={"loop"}),
]
