#!/usr/bin/env bash
# How store.sqlite.gz and expected.json were made: with the previous release's code, commit f423612
# (store schema v4-alerts, raw readings as one row each). Run from this folder:
#   git worktree add /tmp/mw-prev f423612 && (cd /tmp/mw-prev && swift build)
#   MW_PREV=/tmp/mw-prev/.build/debug/meterwatch ./make-fixture.sh
# The upgrade test (UpgradeCLITests) opens a copy of the store with the current build and checks
# that every figure in expected.json is unchanged.
set -euo pipefail
mw="${MW_PREV:?set MW_PREV to the meterwatch binary of the previous release}"
cd "$(dirname "$0")"
rm -f store.sqlite* readings.csv bills.csv fuel.csv
python3 make_inputs.py
"$mw" db init
"$mw" import readings readings.csv
"$mw" import readings bills.csv
"$mw" import fuel fuel.csv
"$mw" kpi set budget-execution --period 2025Q2 --actual 92.39 --by fixture
"$mw" kpi set budget-execution --period 2025Q3 --actual 97.25 --by fixture
{
  echo '{'
  echo '"compare_2025Q3_electricity":'; "$mw" compare --category electricity --period 2025Q3 --format json; echo ','
  echo '"compare_2025Q3_power":'; "$mw" compare --meter hall-power --period 2025Q3 --format json; echo ','
  echo '"compare_2025Q3_water":'; "$mw" compare --meter hall-water --period 2025Q3 --format json; echo ','
  echo '"compare_2025_09_water":'; "$mw" compare --meter hall-water --period 2025-09 --format json; echo ','
  echo '"kpi_2025Q3":'; "$mw" kpi evaluate --period 2025Q3 --format json; echo ','
  echo '"query_power_days":'; "$mw" query --meter hall-power --from 2025-07-25 --to 2025-08-05 --resolution day --format json; echo ','
  echo '"query_power_hours":'; "$mw" query --meter hall-power --from 2025-09-30T00:00:00+08:00 --to 2025-10-01T00:00:00+08:00 --resolution hour --format json; echo ','
  echo '"fuel_2025":'; "$mw" fuel summary --period 2025 --format json
  echo '}'
} > expected.json
python3 -m json.tool expected.json >/dev/null
sqlite3 store.sqlite "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
rm -f store.sqlite-wal store.sqlite-shm readings.csv bills.csv fuel.csv
gzip -9 -n -f store.sqlite
ls -l store.sqlite.gz expected.json
