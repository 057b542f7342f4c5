import math


def calls(x, items):
    r = math.sqrt(x * x + 1.0)
    items.append(r)
    return max(r, len(items), key=abs)
