#!/usr/bin/env bash
# `make run-cluster`: nginx on CLUSTER_PORT (8088) in front of RASA_SERVERS (2) Rasa servers and
# ACTION_SERVERS (2) action servers that share PostgreSQL (DB_URL) and Redis (REDIS_URL), plus the web
# page on WEB_PORT pointed at nginx. RABBITMQ_URL turns the event broker on. Ctrl-C stops all.
# The work is done by tools/cluster.py; settings and the multi-host setup: docs/cluster.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_PREPARE:-0}" != 1 ]; then
  make --no-print-directory install train cluster-deps
fi
source scripts/env.sh
: "${RASA_SERVERS:=2}" "${ACTION_SERVERS:=2}" "${CLUSTER_PORT:=8088}"
: "${DB_URL:=postgresql://postgres@127.0.0.1:5432/test}"
: "${REDIS_URL:=redis://127.0.0.1:6379/1}"
: "${LOCK_LIFETIME:=30}"
export RASA_SERVERS ACTION_SERVERS CLUSTER_PORT DB_URL REDIS_URL LOCK_LIFETIME
exec .venv/bin/python -m tools.cluster --logs "${CLUSTER_LOGS:-logs/cluster}"
