#!/usr/bin/env bash
# Runs every suite, carrying on past failures so one report covers them all,
# and ends with one line: "N passed, N failed". Each suite leaves JUnit XML in
# reports/test/ for CI. `scripts/test.sh unit referee` runs only those suites.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH=$PWD/.cache/node/node_modules/node/bin:$PATH
export TESTCONTAINERS_RYUK_DISABLED=true
OUT=reports/test
SUITES=${*:-typecheck lint unit referee integration features}
mkdir -p "$OUT"

banner() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
wanted() { [[ " $SUITES " == *" $1 "* ]]; }

# A command-level check (typecheck, lint) counts as one test.
check() {
  local name=$1; shift
  wanted "$name" || return 0
  banner "$name: $*"
  local log=$OUT/$name.log
  if "$@" >"$log" 2>&1; then
    echo "ok"
    printf '<testsuites><testsuite name="%s" tests="1"><testcase name="%s"/></testsuite></testsuites>\n' "$name" "$*" >"$OUT/$name.xml"
  else
    cat "$log"
    printf '<testsuites><testsuite name="%s" tests="1"><testcase name="%s"><failure message="failed"/></testcase></testsuite></testsuites>\n' "$name" "$*" >"$OUT/$name.xml"
  fi
}

# node:test over the files find selects: spec output on the terminal, JUnit on disk.
node_suite() {
  local name=$1 concurrency=$2; shift 2
  wanted "$name" || return 0
  rm -f "$OUT/$name.xml"
  mapfile -t files < <(find src bench scripts "$@" 2>/dev/null | sort)
  [ ${#files[@]} -gt 0 ] || return 0
  banner "$name (${#files[@]} files)"
  node --test --test-concurrency="$concurrency" --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=junit --test-reporter-destination="$OUT/$name.xml" "${files[@]}"
}

check typecheck npx tsc --noEmit -p .
check lint npx eslint .
node_suite unit 2 -name '*.test.ts' ! -name '*.referee.test.ts' ! -name '*.integration.test.ts'
node_suite referee 2 -name '*.referee.test.ts'
# Lab test files name their labs after the fixture sites: one file at a time.
node_suite integration 1 -name '*.integration.test.ts'
# One site's features. A run that ends before Cucumber wrote its report (a lab
# that never got ready) counts as one failed test, never as none.
features_of() {
  local site=$1 xml="$OUT/features-$1.xml"
  rm -f "$xml"
  if ! node bin/coreos-infra.js test "fixtures/sites/$site.yaml" --reports "reports/features/$site" --junit "$xml" && [ ! -s "$xml" ]; then
    printf '<testsuites><testsuite name="features-%s" tests="1"><testcase name="coreos-infra test %s"><failure message="ended before any scenario ran"/></testcase></testsuite></testsuites>\n' "$site" "$site" >"$xml"
  fi
}
if wanted features && [ -d features ] && ls features/*.feature >/dev/null 2>&1; then
  banner "features"
  features_of small-office
  features_of campus
fi

banner "summary"
node scripts/summary.ts "$OUT"
