#!/usr/bin/env bash
# Issue 12, defect 3: run the capture tests RUNS times in a row under `pytest -n 2` with a
# CPU hog beside them. Every run must pass (the tests compare pixels and require identical
# full-height captures). Not part of `make test` (about a minute per run on 2 cores).
#
#   bench/capture_stress.sh [RUNS]     (default 20)
set -u
cd "$(dirname "$0")/.."
RUNS=${1:-20}
PY=${PY:-.venv/bin/python}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
export QTWEBENGINE_CHROMIUM_FLAGS=${QTWEBENGINE_CHROMIUM_FLAGS:---no-sandbox}
export MAILWRIGHT_CAPTURE_REPEAT=${MAILWRIGHT_CAPTURE_REPEAT:-5}
TESTS="tests/studio/render/test_capture.py tests/studio/render/test_demo_preview.py
       tests/studio/render/test_engine.py tests/studio/cli/test_preview.py
       tests/studio/qt/test_done_when.py"

"$PY" -c 'while True: pass' &   # the CPU hog
HOG=$!
trap 'kill "$HOG" 2>/dev/null' EXIT

failed=0
for i in $(seq 1 "$RUNS"); do
  # shellcheck disable=SC2086
  if "$PY" -m pytest -q -n 2 -p no:randomly $TESTS >"/tmp/mailwright-capture-$i.log" 2>&1; then
    echo "run $i/$RUNS: passed ($(tail -1 "/tmp/mailwright-capture-$i.log"))"
  else
    failed=$((failed + 1))
    echo "run $i/$RUNS: FAILED (log: /tmp/mailwright-capture-$i.log)"
    grep -E "^(FAILED|ERROR)" "/tmp/mailwright-capture-$i.log" | head -5
  fi
done
echo "$((RUNS - failed))/$RUNS runs passed"
[ "$failed" -eq 0 ]
