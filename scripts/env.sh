# Sourced (not executed) by scripts/*.sh and by the Makefile's recipes: the one place that holds the
# runtime defaults. Every value can be overridden from the environment.
# endpoints.yml reads ACTION_URL and TRACKER_DB through Rasa's ${VAR} substitution, so they must be set
# for every rasa command (run, shell, test), not only for `make run`.

_spine_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The API token: $RASA_TOKEN, else the one in the git-ignored .env, generated once.
if [ -z "${RASA_TOKEN:-}" ]; then
  if [ ! -s "$_spine_root/.env" ] || ! grep -q '^RASA_TOKEN=.' "$_spine_root/.env"; then
    (umask 077; printf 'RASA_TOKEN=%s\n' "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" >> "$_spine_root/.env")
  fi
  RASA_TOKEN=$(sed -n 's/^RASA_TOKEN=//p' "$_spine_root/.env" | tail -n 1)
fi

: "${RASA_HOST:=127.0.0.1}"
: "${RASA_PORT:=5005}"
: "${ACTION_HOST:=127.0.0.1}"
: "${ACTION_PORT:=5055}"
: "${ACTION_URL:=http://$ACTION_HOST:$ACTION_PORT/webhook}"
: "${WEB_HOST:=127.0.0.1}"
: "${WEB_PORT:=8080}"
# Origins allowed to call Rasa from a browser (space-separated).
: "${WEB_ORIGIN:=http://$WEB_HOST:$WEB_PORT http://localhost:$WEB_PORT}"
: "${TRACKER_DB:=rasa.db}"
: "${ENDPOINTS:=endpoints.yml}"
: "${CREDENTIALS:=credentials.yml}"
: "${MODEL:=models/spine.tar.gz}"

# The action server (rasa_sdk) takes its bind address from SANIC_HOST.
SANIC_HOST=$ACTION_HOST
# No usage data leaves this machine; quieter TensorFlow / SQLAlchemy logs.
: "${RASA_TELEMETRY_ENABLED:=false}"
: "${TF_CPP_MIN_LOG_LEVEL:=2}"
: "${SQLALCHEMY_SILENCE_UBER_WARNING:=1}"

export RASA_TOKEN RASA_HOST RASA_PORT ACTION_HOST ACTION_PORT ACTION_URL WEB_HOST WEB_PORT WEB_ORIGIN \
  TRACKER_DB ENDPOINTS CREDENTIALS MODEL SANIC_HOST RASA_TELEMETRY_ENABLED TF_CPP_MIN_LOG_LEVEL \
  SQLALCHEMY_SILENCE_UBER_WARNING
unset _spine_root

# The web page (issue 5): the emergency number it shows, its public address (links in the chat),
# and the doctor's summary links: signed with SUMMARY_SECRET (generated once into .env, like
# RASA_TOKEN) and valid for SUMMARY_TTL_HOURS. web/server.py reads the tracker at RASA_URL.
if [ -z "${SUMMARY_SECRET:-}" ]; then
  _spine_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  if ! grep -q '^SUMMARY_SECRET=.' "$_spine_root/.env" 2>/dev/null; then
    (umask 077; printf 'SUMMARY_SECRET=%s\n' "$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" >> "$_spine_root/.env")
  fi
  SUMMARY_SECRET=$(sed -n 's/^SUMMARY_SECRET=//p' "$_spine_root/.env" | tail -n 1)
  unset _spine_root
fi
# EMERGENCY_NUMBER: unset means the default of actions/links.py (emergency_number), the one place for it
: "${WEB_PUBLIC_URL:=http://localhost:$WEB_PORT}"
: "${SUMMARY_TTL_HOURS:=24}"
: "${RASA_URL:=http://$RASA_HOST:$RASA_PORT}"
export SUMMARY_SECRET WEB_PUBLIC_URL SUMMARY_TTL_HOURS RASA_URL

# Patients' platform ids (phone numbers, user ids) become tracker ids only as a keyed hash
# (channels/ids.py): SENDER_ID_KEY, generated once into .env like SUMMARY_SECRET. Keep it stable.
if [ -z "${SENDER_ID_KEY:-}" ]; then
  _spine_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  if ! grep -q '^SENDER_ID_KEY=.' "$_spine_root/.env" 2>/dev/null; then
    (umask 077; printf 'SENDER_ID_KEY=%s\n' "$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" >> "$_spine_root/.env")
  fi
  SENDER_ID_KEY=$(sed -n 's/^SENDER_ID_KEY=//p' "$_spine_root/.env" | tail -n 1)
  unset _spine_root
fi
export SENDER_ID_KEY
