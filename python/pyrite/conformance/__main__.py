"""`python -m pyrite.conformance --target NAME [--json FILE] [--jobs N]`"""
import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
