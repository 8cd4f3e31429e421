# Privacy and security (docs/privacy.md): retention by hand, hostile input at volume, dependency audit.
.PHONY: retention fuzz audit test-security

PIP_AUDIT_VERSION := 2.7.3
AUDIT_VENV        := build/audit-venv
FUZZ_COUNT        ?= 10000

help-privacy:
	@echo "make retention    delete conversations older than RETENTION_DAYS (default 30) now; prints how many"
	@echo "make fuzz         send FUZZ_COUNT=$(FUZZ_COUNT) hostile messages over REST and socket.io (own servers); report"
	@echo "make audit        pip-audit on the pinned set, npm audit on web/ (a report; never fails on an unreachable registry)"
	@echo "make test-security  the privacy and security tests (tests/security)"
help: help-privacy

retention: $(INSTALL_STAMP)
	$(ENV) $(PY) tools/retention.py

fuzz: install train
	mkdir -p $(RESULTS)
	$(ENV) $(PY) tools/fuzz.py --count $(FUZZ_COUNT) --out $(RESULTS)/fuzz.json

test-security: install train
	mkdir -p $(RESULTS)
	$(ENV) $(PY) -m pytest tests/security --junitxml=$(RESULTS)/security.xml

# pip-audit needs a newer `packaging` than Rasa 3.6 allows, so it runs from its own venv and
# audits the pinned set (constraints.txt) without installing it. tools/audit.py says what was
# found, and says so when a registry did not answer (never a failed build for that).
audit:
	@mkdir -p $(RESULTS)
	@if [ ! -x $(AUDIT_VENV)/bin/pip-audit ]; then \
	  py=$$(scripts/find_python.sh) && "$$py" -m venv $(AUDIT_VENV) && \
	  $(AUDIT_VENV)/bin/pip install -q --disable-pip-version-check pip-audit==$(PIP_AUDIT_VERSION) 2>/dev/null \
	  || echo "audit: pip-audit could not be installed (registry unreachable?)"; \
	fi
	@rm -f $(RESULTS)/pip-audit.json $(RESULTS)/npm-audit.json
	@if [ -x $(AUDIT_VENV)/bin/pip-audit ]; then \
	  $(AUDIT_VENV)/bin/pip-audit --requirement constraints.txt --no-deps --disable-pip --progress-spinner off \
	    --format json --output $(RESULTS)/pip-audit.json > $(RESULTS)/pip-audit.log 2>&1 || true; \
	fi
	@if command -v npm >/dev/null; then \
	  (cd web && npm audit --omit=dev --json > ../$(RESULTS)/npm-audit.json 2> ../$(RESULTS)/npm-audit.log) || true; \
	fi
	@$(PY) tools/audit.py $(RESULTS)/pip-audit.json $(RESULTS)/npm-audit.json
