"""Functions long enough that their jumps need EXTENDED_ARG (a loop body of
~45 statements is enough on CPython 3.11), compared with CPython."""
import numpy as np
import pytest

import pyrite


def _make(name, body_lines, header, footer="    return s\n"):
    src = f"def {name}(a, n):\n" + header + "".join(body_lines) + footer
    ns = {"np": np}
    exec(compile(src, f"<long function {name}>", "exec"), ns)
    return ns[name]


@pytest.mark.parametrize("statements", [40, 45, 60, 200, 700])
def test_long_loop_body(statements):
    body = ["        s += a[i % a.shape[0]] * 3.0 - 3.0\n"] * statements
    fn = _make("long_loop", body, "    s = 0.0\n    for i in range(n):\n")
    a = np.arange(5.0)
    assert pyrite.njit(fn)(a, 11) == fn(a, 11)


def test_long_while_with_branches():
    body = []
    for k in range(80):
        body.append(f"        if i % {k % 7 + 2} == 0:\n            s += a[{k % 5}]\n"
                    f"        else:\n            s -= {k}.0\n")
    fn = _make("long_while", body, "    s = 0.0\n    i = 0\n    while i < n:\n",
               "        i += 1\n    return s\n")
    a = np.arange(5.0)
    assert pyrite.njit(fn)(a, 9) == fn(a, 9)


def test_long_body_with_break_and_continue():
    body = ["        s += a[i % 5]\n"] * 60
    body.insert(30, "        if i == 3:\n            continue\n")
    body.append("        if s > 200.0:\n            break\n")
    fn = _make("long_break", body, "    s = 0.0\n    for i in range(n):\n")
    a = np.arange(5.0)
    assert pyrite.njit(fn)(a, 40) == fn(a, 40)


def nbody_step(pos, vel, mass, dt):
    n = pos.shape[0]
    for i in range(n):
        ax = 0.0
        ay = 0.0
        az = 0.0
        for j in range(n):
            if i != j:
                dx = pos[j, 0] - pos[i, 0]
                dy = pos[j, 1] - pos[i, 1]
                dz = pos[j, 2] - pos[i, 2]
                r2 = dx * dx + dy * dy + dz * dz + 0.01
                inv = 1.0 / (r2 * np.sqrt(r2))
                ax += dx * inv * mass[j]
                ay += dy * inv * mass[j]
                az += dz * inv * mass[j]
        vel[i, 0] += dt * ax
        vel[i, 1] += dt * ay
        vel[i, 2] += dt * az
    for i in range(n):
        pos[i, 0] += dt * vel[i, 0]
        pos[i, 1] += dt * vel[i, 1]
        pos[i, 2] += dt * vel[i, 2]
    e = 0.0
    for i in range(n):
        e += 0.5 * mass[i] * (vel[i, 0] ** 2 + vel[i, 1] ** 2 + vel[i, 2] ** 2)
    return e


def test_nbody_step_written_the_usual_way():
    rng = np.random.default_rng(3)
    pos, vel, mass = rng.random((8, 3)), rng.random((8, 3)), rng.random(8)
    p2, v2 = pos.copy(), vel.copy()
    got = pyrite.njit(nbody_step)(pos, vel, mass, 0.01)
    want = nbody_step(p2, v2, mass, 0.01)
    assert got == pytest.approx(want, rel=1e-13)
    np.testing.assert_allclose(pos, p2, rtol=1e-13)
    np.testing.assert_allclose(vel, v2, rtol=1e-13)
