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
# Reinstall only when pyproject.toml or the pinned versions changed since the last install.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "installing workbook${extras:+[$extras]} into .venv (log: .venv/pip.log)..." >&2
  # pip and setuptools are chatty about an editable install; keep the noise in a log unless it fails.
  # constraints.txt: the versions the tests passed with (scripts/constraints.sh re-pins them).
  .venv/bin/python -m pip install -q -c constraints.txt -e ".${extras:+[$extras]}" >.venv/pip.log 2>&1 \
    || { cat .venv/pip.log >&2; echo "pip install failed" >&2; exit 1; }
  touch "$stamp"
fi
# JupyterLab in this environment does not ask to fetch Jupyter's news over the review panel.
settings=.venv/share/jupyter/lab/settings
if [ -d .venv/share/jupyter/lab ] && [ ! -f "$settings/overrides.json" ]; then
  mkdir -p "$settings"
  printf '%s\n' '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
    >"$settings/overrides.json"
fi
export PATH="$PWD/.venv/bin:$PATH"
