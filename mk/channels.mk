# Messaging channels: Slack, Facebook Messenger, Twilio (SMS / WhatsApp), Telegram (issue 11).
# See docs/channels.md. Each channel is on when all its environment variables are set.

.PHONY: telegram-webhook channels test-channels

# Register the Telegram webhook (RASA_PUBLIC_URL/webhooks/telegram/webhook) with TELEGRAM_SECRET_TOKEN.
# The only Telegram call outside replies; run it once per deployment (needs the internet).
telegram-webhook: install
	$(ENV) $(PY) -m channels.telegram

# Which channels `make run` would turn on with the current environment.
channels: install
	@$(ENV) $(PY) -m channels.credentials "$$CREDENTIALS" build/credentials.yml

# The channel tests: unit tests plus one stack of real servers with all four channels on,
# driven through fakes of the platforms' APIs on localhost (needs the local Redis for test_seen).
test-channels: install train
	mkdir -p $(RESULTS)
	$(ENV) $(PY) -m pytest tests/channels --junitxml=$(RESULTS)/pytest-channels.xml
