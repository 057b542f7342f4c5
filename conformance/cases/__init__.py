"""Conformance cases by topic: each module defines CASES, a list of suite.Case."""
