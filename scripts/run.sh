#!/usr/bin/env bash
# The main job: load data/ into the embedded SQLite database, write the claim-and-source table
# and the HTML report. Usage: bash scripts/run.sh [more files, folders or URLs]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh" "notebook"   # the notebooks' JupyterLab too
mkdir -p out
db=${WORKBOOK_DB:-out/workbook.db}
status=0
workbook load data/ "$@" --db "$db" || status=$?   # a bad input is reported, the rest still loads
workbook table --db "$db" --format csv -o out/claims.csv
echo "claim-and-source table -> out/claims.csv"
workbook report --db "$db"   # next to the database: out/workbook-report.html, as notebook 04
exit $status
