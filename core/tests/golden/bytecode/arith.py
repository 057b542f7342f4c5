def arith(a, b):
    c = a * b + 3
    d = (a - b) // 2 % 7
    c += -d
    return c ** 2 / (d | 1) - ~a
