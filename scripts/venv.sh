# Sourced by run.sh and test.sh: create .venv (once) and install the project with the given extras.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
extras=${1:-}
stamp=".venv/.installed${extras:+-$extras}"
# Reinstall only when pyproject.toml changed since the last install.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
