def branches(x, y):
    if x < 0:
        r = -x
    elif x == y:
        r = 0
    elif x is None or not y:
        r = 1
    else:
        r = x - y
    return r
