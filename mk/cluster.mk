# Several Rasa servers on PostgreSQL + Redis behind nginx (issue 13). See docs/cluster.md.
# The single-server `make run` needs none of this.

.PHONY: cluster-deps run-cluster test-cluster bench-cluster soak report

CLUSTER_LOGS ?= logs/cluster

cluster-deps:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  echo "Installing Debian's nginx for the cluster (make run-cluster, tests/cluster)"; \
	  $$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx; \
	fi
	@nginx=$$(command -v nginx || echo /usr/sbin/nginx); $$nginx -v

# nginx on CLUSTER_PORT (8088) in front of RASA_SERVERS (2) Rasa servers and ACTION_SERVERS (2) action
# servers on DB_URL (PostgreSQL) and REDIS_URL; the web page on WEB_PORT talks to nginx. Ctrl-C stops all.
run-cluster: install train cluster-deps
	scripts/run_cluster.sh

# The cluster tests: skipped (with the reason) when PostgreSQL, Redis or nginx is missing,
# failed instead when CLUSTER_TESTS=required (CI).
test-cluster: install train
	mkdir -p $(RESULTS)
	$(ENV) $(PY) -m pytest tests/cluster -m cluster --junitxml=$(RESULTS)/pytest-cluster.xml

# Reports, not tests: the same scripted interviews against one server and against the cluster.
bench-cluster: install train cluster-deps
	$(ENV) $(PY) -m tools.bench_cluster $(BENCH_ARGS)

# 50 concurrent conversations for SOAK_MINUTES (10) against the cluster: errors and lost events.
SOAK_MINUTES ?= 10
soak: install train cluster-deps
	$(ENV) $(PY) -m tools.bench_cluster --soak --minutes $(SOAK_MINUTES) --users 50 $(BENCH_ARGS)

# Operator report from the tracker store: make report FROM=2026-01-01 TO=2026-01-31
# (DB_URL=postgresql://... for the cluster's store; default the SQLite TRACKER_DB).
report: $(INSTALL_STAMP)
	$(ENV) $(PY) -m tools.report $(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) $(REPORT_ARGS)
