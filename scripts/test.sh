#!/usr/bin/env bash
# The test suite: installs what it needs (a venv with the test extras; Debian's chromium for the
# browser tests when run as root), then runs pytest. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh" "test"
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "could not install chromium: browser tests will be skipped"
fi
# Jupyter kernels for the notebook tests run in this venv.
python -m ipykernel install --sys-prefix --name python3 >/dev/null 2>&1 || true
python -m pytest "$@"
