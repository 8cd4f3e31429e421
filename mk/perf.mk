# Performance (issue 14): `make bench` (top-level Makefile) compares with Rasa's starter bot;
# `make profile` times the steps of one turn in the real servers. See docs/performance.md.
.PHONY: profile starter-bot

profile: install train
	$(ENV) $(PY) -m tools.profile_turn $(PROFILE_ARGS)

starter-bot: install
	$(ENV) $(PY) -m tools.starter_bot
