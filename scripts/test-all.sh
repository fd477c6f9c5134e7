#!/usr/bin/env bash
# Every test of the project, in order: typecheck, lint (ESLint, Prettier, flake8), vitest (unit + Node integration), the Python recipe's unit tests
# and smoke run, the production build, then the browser end-to-end tests against that build.
# Runs every step even when one fails, then prints one line "total: N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
OUT=test-results
mkdir -p "$OUT"
# every scratch folder of every step (test fixtures, the smoke run's bundles, browser profiles) goes under one
# folder that is removed at the end: a suite run daily must not fill /tmp (it left ~1 GB over a dozen runs)
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/alignscope-tests-XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
passed=0
failed=0
failures=()

step() { printf '\n=== %s ===\n' "$1"; }
count() { # count NAME PASSED FAILED
  passed=$((passed + $2))
  failed=$((failed + $3))
  if [ "$3" -gt 0 ]; then failures+=("$1 ($3)"); fi
  printf -- '--- %s: %s passed, %s failed\n' "$1" "$2" "$3"
}
check() { # check NAME CMD...: one pass/fail
  local name=$1
  shift
  if "$@"; then count "$name" 1 0; else count "$name" 0 1; fi
}
vitest_counts() { # vitest_counts NAME JSON EXIT: counts from vitest's JSON report; a crash before any report counts as 1 failure
  node -e '
    const fs = require("fs");
    try {
      const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      const failedSuites = (r.testResults || []).filter((f) => f.status === "failed" && (!f.assertionResults || f.assertionResults.length === 0)).length;
      console.log(r.numPassedTests, r.numFailedTests + failedSuites);
    } catch { console.log(0, 1); }
  ' "$2"
}
run_vitest() { # run_vitest NAME JSON ARGS...
  local name=$1 json=$2
  shift 2
  rm -f "$json"
  npx vitest run "$@" --reporter=default --reporter=json --outputFile.json="$json"
  local rc=$?
  read -r p f < <(vitest_counts "$name" "$json")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  count "$name" "$p" "$f"
}

step "typecheck (tsc --noEmit)"
check typecheck npx tsc --noEmit -p tsconfig.json

step "lint (ESLint: eslint.config.js; Prettier: .prettierrc.json)"
check eslint npx eslint --max-warnings=0 .
check prettier npx prettier --check .

step "python lint (flake8, settings in .flake8)"
check flake8 "$PY" -m flake8 training tests scripts

step "vitest: unit + integration"
run_vitest vitest "$OUT/vitest.json"

step "python: recipe unit tests"
if [ ! -d training/tests ] || [ ! -x "$PY" ]; then
  echo "training/tests or $PY is missing: the Python recipe's tests cannot run" >&2
  count python-unittest 0 1
else
  log="$OUT/python-unittest.log"
  "$PY" -m unittest discover -s training/tests -t . 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  ran=$(grep -oE '^Ran [0-9]+ test' "$log" | grep -oE '[0-9]+' | tail -1)
  ran=${ran:-0}
  bad=0
  for n in $(grep -oE '(failures|errors)=[0-9]+' "$log" | grep -oE '[0-9]+'); do bad=$((bad + n)); done
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
  if [ "$ran" -eq 0 ] && [ "$rc" -eq 0 ]; then
    echo "no Python tests found under training/tests" >&2
    bad=1
  fi
  count python-unittest $((ran > bad ? ran - bad : 0)) "$bad"
fi

step "python: recipe smoke (train → evaluate → export → ORT parity, tiny budget)"
if [ ! -f training/recipe.py ]; then
  echo "training/recipe.py is missing: cannot run the smoke" >&2
  count recipe-smoke 0 1
else
  check recipe-smoke "$PY" -m training.recipe --smoke
fi

step "vite build"
# dist/ is what `npm start` serves; the e2e servers get a copy of their own (E2E_DIST, tests/e2e/helpers.ts distDir),
# so a teammate's `vite build` into dist/ cannot pull the files away mid-run.
export E2E_DIST="$OUT/dist"
if npx vite build && rm -rf "$E2E_DIST" && cp -r dist "$E2E_DIST"; then
  count build 1 0
  step "browser e2e (Chromium, production build)"
  run_vitest e2e "$OUT/e2e.json" -c vitest.e2e.config.ts
else
  count build 0 1
  echo "e2e skipped: the build failed" >&2
  count e2e 0 1
fi

printf '\n'
if [ "$failed" -gt 0 ]; then echo "failed: ${failures[*]}"; fi
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
