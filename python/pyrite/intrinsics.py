"""Target intrinsics: functions a target plugin implements in its own code.

An `Intrinsic` is a name; which targets provide it, with what signature, is
up to their plugins (`PyriteIntrinsic` in the plugin ABI). Calling one in a
function compiled for a target that lacks it is a TypingError naming the
target. Called from plain Python they raise, as Numba's intrinsics do.
"""


class Intrinsic:
    def __init__(self, name):
        self.name = name

    def __call__(self, *args):
        raise NotImplementedError(f"intrinsic '{self.name}' only works in compiled code")

    def __repr__(self):
        return f"<pyrite intrinsic {self.name}>"


class IntrinsicValue(Intrinsic):
    """An intrinsic read as a value rather than called: `cuda.threadIdx.x`
    is the intrinsic "cuda.threadIdx.x" called with no arguments."""

    def __repr__(self):
        return f"<pyrite intrinsic value {self.name}>"


#: The CPU's cycle counter (rdtsc, cntvct_el0, mftb): int64, from every CPU plugin.
cycle_counter = Intrinsic("cpu.cycle_counter")
