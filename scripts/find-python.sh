#!/usr/bin/env bash
# Prints a Python >= 3.12 interpreter: python3.13/python3.12 on PATH, else one that pyenv has installed.
set -u
works() { "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }
for candidate in python3.12 python3.13; do
    if command -v "$candidate" >/dev/null 2>&1 && works "$candidate"; then
        command -v "$candidate"; exit 0
    fi
done
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for candidate in "$root"/versions/3.12*/bin/python3.12 "$root"/versions/3.13*/bin/python3.13; do
    if [ -x "$candidate" ] && works "$candidate"; then
        echo "$candidate"; exit 0
    fi
done
echo "error: Anonamoose needs Python >= 3.12: install python3.12 or python3.13 (e.g. 'pyenv install 3.12')" >&2
exit 1
