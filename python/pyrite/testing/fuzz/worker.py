"""The worker process: runs programs it receives over a pipe and sends back
their outcomes.

It runs in its own process so that a program that crashes pyrite (a
segfault, an abort, glibc's heap checks) takes only the worker down; the
runner notices, records the program as a crash and starts another worker.
The worker's stderr goes to a file so the runner can quote glibc's message.

Started by the runner as `python -m pyrite.testing.fuzz.worker FD LOG CALLS
LEAKS`, where FD is its end of a socket pair (a multiprocessing Connection).
"""
import importlib
import os
import sys


def serve(conn, log_path, calls, check_leaks):
    """Receives program dicts (None ends) and answers outcome dicts."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stderr = os.fdopen(2, "w", buffering=1)
    import faulthandler
    faulthandler.enable()            # a crash prints the Python stack to the log
    from .execute import Outcome, run_program
    from .program import Program
    try:
        importlib.import_module("pyrite")   # import errors are reported per program
        import_error = None
    except Exception as e:              # noqa: BLE001
        import_error = f"{type(e).__name__}: {e}"
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        if import_error is not None:
            conn.send(Outcome("error", f"cannot import pyrite: {import_error}").to_dict())
            continue
        program = Program.from_dict(msg)
        print(f"--- {program.origin}", file=sys.stderr, flush=True)
        try:
            outcome = run_program(program, calls=calls, check_leaks=check_leaks)
        except Exception as e:          # noqa: BLE001 - a fuzzer bug, reported as such
            import traceback
            outcome = Outcome("error", f"{type(e).__name__}: {e}\n{traceback.format_exc()}")
        conn.send(outcome.to_dict())


def main(argv):
    from multiprocessing.connection import Connection
    fd, log_path, calls, check_leaks = argv
    serve(Connection(int(fd)), log_path, int(calls), check_leaks == "1")


if __name__ == "__main__":
    main(sys.argv[1:])
