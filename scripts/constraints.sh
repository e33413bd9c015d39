#!/usr/bin/env bash
# Re-pin constraints.txt from the working .venv (after adding or upgrading a dependency):
# every installed distribution except the project itself and pip. venv.sh and CI install with
# `pip install -c constraints.txt`, so a fresh machine gets the versions the tests passed with.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
{
  echo "# Pinned from a working .venv by scripts/constraints.sh; used by scripts/venv.sh and .ci/run."
  .venv/bin/python -m pip freeze --all --exclude-editable | grep -viE '^(pip|workbook)==' | LC_ALL=C sort -f
} > constraints.txt
echo "constraints.txt: $(grep -vc '^#' constraints.txt) pins"
