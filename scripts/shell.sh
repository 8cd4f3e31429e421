#!/usr/bin/env bash
# Talk to the assistant in the terminal: `rasa shell` with the action server in the background.
# (Stop `make run` first: both use RASA_PORT and ACTION_PORT.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PY=.venv/bin/python
mkdir -p logs

set -m  # the action server gets its own process group
$PY -m actions --actions actions -p "$ACTION_PORT" > logs/actions.log 2>&1 &
action_pid=$!
set +m
stop_actions() { kill -TERM -- "-$action_pid" 2>/dev/null || true; wait "$action_pid" 2>/dev/null || true; }
trap stop_actions EXIT

for _ in $(seq 1 240); do
  $PY -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
    "http://$ACTION_HOST:$ACTION_PORT/health" 2>/dev/null && break
  kill -0 "$action_pid" 2>/dev/null || { echo "the action server failed; see logs/actions.log" >&2; tail -n 20 logs/actions.log >&2; exit 1; }
  sleep 0.5
done

echo "Action server up (log: logs/actions.log). Type /stop or Ctrl-D to leave."
$PY -m rasa shell -m "$MODEL" --endpoints "$ENDPOINTS" -p "$RASA_PORT"
