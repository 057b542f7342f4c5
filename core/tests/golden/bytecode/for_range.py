def for_range(n, a):
    acc = 0
    for i in range(n, 0, -2):
        for j in range(i):
            acc += a[i, j] * j
    return acc
