def while_loop(n):
    i = 0
    total = 0
    while i < n:
        i += 1
        if i % 3 == 0:
            continue
        if total > 100:
            break
        total += i
    return total
