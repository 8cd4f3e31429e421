#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter (Rasa 3.6 needs Python 3.8-3.10).
# Order: $PYTHON, python3.10 on PATH (only if it really runs: a pyenv shim may not),
# ~/.pyenv/versions/3.10*, `pyenv prefix`, /usr/bin, /usr/local/bin.
set -u

ok() {  # ok CANDIDATE -> prints its absolute path if it is a runnable Python 3.10
  local exe="$1" path
  [ -n "$exe" ] || return 1
  path=$("$exe" -c 'import sys; assert sys.version_info[:2] == (3, 10); print(sys.executable)' 2>/dev/null) || return 1
  [ -n "$path" ] || return 1
  echo "$path"
}

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
for d in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*; do
  [ -x "$d/bin/python3.10" ] && candidates+=("$d/bin/python3.10")
done
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -t. -k3 -n -r); do
    p=$(pyenv prefix "$v" 2>/dev/null) && candidates+=("$p/bin/python3.10")
  done
fi
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10)

for c in "${candidates[@]}"; do
  if ok "$c"; then exit 0; fi
done

if [ -n "${PYTHON:-}" ]; then
  echo "find_python.sh: \$PYTHON=$PYTHON is not a working Python 3.10." >&2
fi
cat >&2 <<'MSG'
find_python.sh: no Python 3.10 interpreter found.
Rasa 3.6 runs on Python 3.8-3.10 only (not 3.11 or newer); this project uses 3.10.
Get one, then run `make install` again (or point to it: PYTHON=/path/to/python3.10 make install):
  - pyenv:      pyenv install 3.10   (https://github.com/pyenv/pyenv)
  - Ubuntu:     sudo add-apt-repository ppa:deadsnakes/ppa && sudo apt install python3.10 python3.10-venv
  - Debian/other: build or install from https://www.python.org/downloads/ (3.10.x)
  - macOS:      brew install python@3.10
MSG
exit 1
