# The dialogue: questions answered, confirmations, no loops, long messages (issue 10, docs/dialogue.md).

.PHONY: eval-faq long-message test-dialogue

FAQ_E2E ?= tests/nlu/faq_heldout_e2e.yml tests/nlu/faq_blind_e2e.yml

# Held-out patient questions played end to end over REST, as the first message and in the
# middle of the interview: is the answer in the reply, does the form resume with the same question?
eval-faq: install train
	for f in $(FAQ_E2E); do $(ENV) $(PY) tools/eval_faq.py $$f $(EVAL_ARGS) || exit 1; done

# One 100 kB message while other conversations go on: its reply time, their p95, Rasa's memory.
long-message: install train
	$(ENV) $(PY) tools/long_message.py $(LONG_ARGS)

# The dialogue's own tests: actions and policies (unit) plus tests/dialogue over the real servers.
test-dialogue: install train
	mkdir -p $(RESULTS)
	$(ENV) $(PY) -m pytest tests/actions tests/dialogue --junitxml=$(RESULTS)/pytest-dialogue.xml
