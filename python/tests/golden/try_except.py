from pyrite import njit


@njit
def parse_digit(c):
    if c < 0:
        raise ValueError("negative")
    return c % 10


@njit
def try_except(xs):
    total = 0
    bad = 0
    for x in xs:
        try:
            total += parse_digit(x)
        except ValueError as e:
            bad += len(str(e))
        except (KeyError, IndexError):
            bad -= 1
        else:
            total += 1
        finally:
            total *= 2
    return total, bad


ARGS = ([3, -1, 12],)
LLVM_CHECKS = [
    # the handler takes the pending exception (pyrite_catch, inlined)
    ("contains", r"call .*@pyrite_rt_take_pending\("),
]
