#!/usr/bin/env bash
# Prints the interpreters of the supported CPython versions besides the main
# one (3.12 and 3.13), one path per line: PYRITE_EXTRA_PYTHONS if set
# (space-separated), else pyenv's installs, else python3.12/python3.13 on
# PATH. (pyenv's shims run only the global version, so they are skipped.)
set -euo pipefail
if [ -n "${PYRITE_EXTRA_PYTHONS+x}" ]; then
  for p in $PYRITE_EXTRA_PYTHONS; do echo "$p"; done
  exit 0
fi
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for minor in 12 13; do
  found=""
  for p in $(ls -d "$root"/versions/3."$minor".*/bin/python3."$minor" 2>/dev/null | sort -rV) \
           $(command -v "python3.$minor" || true); do
    if "$p" -c 'import sys' >/dev/null 2>&1; then
      found=$p
      break
    fi
  done
  if [ -z "$found" ]; then
    echo "ci/pythons.sh: no working CPython 3.$minor (set PYRITE_EXTRA_PYTHONS)" >&2
    exit 1
  fi
  echo "$found"
done
