#!/usr/bin/env bash
# Start the whole assistant: the action server, the Rasa server (REST + socketio channels, HTTP API
# behind a token) and the static web page with the chat widget. Installs and trains first when needed.
# Ctrl-C (or SIGTERM) stops all three. Settings: environment variables, see scripts/env.sh / README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_PREPARE:-0}" != 1 ]; then
  make --no-print-directory install train
fi
source scripts/env.sh
PY=.venv/bin/python
mkdir -p logs

# Each server runs in its own process group (job control on), so cleanup can stop it with
# everything it started, and a Ctrl-C in the terminal reaches only this script.
set -m
pids=()
cleanup() {
  trap - EXIT
  trap '' INT TERM PIPE  # finish the cleanup even if the terminal or a `| tee` is gone
  set +e +m              # +m: no job-status chatter
  [ ${#pids[@]} -gt 0 ] || return 0
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  echo "Stopping the servers..." >&2
  for _ in $(seq 1 75); do  # up to 15 s for a clean shutdown, then SIGKILL
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  wait 2>/dev/null
  echo "Stopped." >&2
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

wait_http() {  # wait_http NAME URL TIMEOUT_S PID
  local name=$1 url=$2 timeout=$3 pid=$4 t=0
  until $PY -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start-up; see logs/$name.log:" >&2
      tail -n 30 "logs/$name.log" >&2
      exit 1
    fi
    if [ "$t" -ge "$((timeout * 2))" ]; then
      echo "$name did not answer $url within ${timeout}s; see logs/$name.log" >&2
      exit 1
    fi
    sleep 0.5; t=$((t + 1))
  done
}

echo "Starting the action server on $ACTION_HOST:$ACTION_PORT (log: logs/actions.log)"
$PY -m actions --actions actions -p "$ACTION_PORT" > logs/actions.log 2>&1 &
pids+=($!); action_pid=$!

echo "Starting the Rasa server on $RASA_HOST:$RASA_PORT (log: logs/rasa.log)"
# The effective credentials: $CREDENTIALS plus each messaging channel whose variables are set.
$PY -m channels.credentials "$CREDENTIALS" build/credentials.yml
# shellcheck disable=SC2086  # WEB_ORIGIN is a space-separated list of origins
$PY -m rasa run --enable-api --auth-token "$RASA_TOKEN" --cors $WEB_ORIGIN \
  -i "$RASA_HOST" -p "$RASA_PORT" --credentials build/credentials.yml --endpoints "$ENDPOINTS" \
  -m "$MODEL" > logs/rasa.log 2>&1 &
pids+=($!); rasa_pid=$!

echo "Starting the web page on $WEB_HOST:$WEB_PORT (log: logs/web.log)"
$PY -m web.server > logs/web.log 2>&1 &
pids+=($!); web_pid=$!

wait_http actions "http://$ACTION_HOST:$ACTION_PORT/health" 120 "$action_pid"
wait_http web "http://$WEB_HOST:$WEB_PORT/" 30 "$web_pid"
wait_http rasa "http://$RASA_HOST:$RASA_PORT/status?token=$RASA_TOKEN" 300 "$rasa_pid"

cat <<EOF

Spine Triage Assistant is ready.
  Web page:     http://$WEB_HOST:$WEB_PORT/
  REST channel: curl -s -XPOST http://$RASA_HOST:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"hello"}'
  Tracker:      curl -s "http://$RASA_HOST:$RASA_PORT/conversations/me/tracker?token=\$RASA_TOKEN"  (token in .env)
Press Ctrl-C to stop.
EOF

# Stay until Ctrl-C, or until one of the servers dies (then stop the others too).
set +e
wait -n "${pids[@]}"
status=$?
echo "A server stopped (exit $status); see logs/. Stopping the others." >&2
exit 1
