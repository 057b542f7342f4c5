def short_circuit(a, b, c):
    v = a and b or c
    if (a or b) and not c:
        return v
    return a < b < c
