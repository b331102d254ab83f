#!/usr/bin/env bash
# Runs every suite of `make test`, each even when an earlier one failed (one
# CI run shows every failure), then prints the totals and fails if anything did.
set -uo pipefail
cd "$(dirname "$0")/.."
RESULTS=var/test-results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
failed_stages=()

stage() {
  local name=$1
  shift
  echo
  echo "=== $name: $*"
  local started=$SECONDS
  if "$@"; then
    echo "=== $name: ok ($((SECONDS - started)) s)"
  else
    echo "=== $name: FAILED ($((SECONDS - started)) s)"
    failed_stages+=("$name")
  fi
}

stage typecheck pnpm run --silent typecheck
stage lint pnpm run --silent lint
stage node-suites pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$RESULTS/node.json"
stage browser-suites pnpm exec web-test-runner
stage end-to-end pnpm exec vitest run --config tests/e2e/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$RESULTS/e2e.json"
# The packed tarballs installed with npm into fresh projects outside the workspace (tests/consumer/run.ts).
stage consumer node tests/consumer/run.ts --built
# `make dist`'s archive unpacked outside the workspace and run with its own Node and worker (tests/release/run.ts).
stage release node tests/release/run.ts

node scripts/test-summary.ts "$RESULTS"
if [ ${#failed_stages[@]} -gt 0 ]; then
  echo "failed stages: ${failed_stages[*]}"
  exit 1
fi
