#!/bin/sh
# Example CI job: the yearly regression check. Recomputes an archived year of exports with the
# current code and rules and compares it with the archived signed figures (payment-basis.csv and
# deductions.csv). No network. Exit 0: every krona as signed; 1: a difference (the diff is on
# stdout: clinic, month, column, baseline, now, delta); 2: the check could not run (bad input,
# a baseline column renamed or missing, a rule file error).
#
#   scripts/ci-regression.sh                          # fixtures/archive-2025 against its signed/ figures
#   scripts/ci-regression.sh --format json > diff.json   # the diff as data, for the pipeline's artifacts
#   VARDVAL_ARCHIVE=/archive/2026 VARDVAL_YEAR=2026 scripts/ci-regression.sh --tolerance 0.01
#
# An archive directory holds clinics.csv (the register), exports/ (the year's exports) and
# signed/ (the figures to hold the run to). Extra arguments go to `vardval check` as they are.
# Needs a built CLI (`npm ci` builds it).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
archive=${VARDVAL_ARCHIVE:-$root/fixtures/archive-2025}
year=${VARDVAL_YEAR:-2025}
exec node "$root/bin/vardval.js" check --year "$year" --clinics "$archive/clinics.csv" --baseline "$archive/signed" "$@" "$archive/exports/"
