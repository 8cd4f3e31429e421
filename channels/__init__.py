"""Messaging-channel connectors of the Rasa server: Slack, Facebook Messenger, Twilio (SMS and
WhatsApp), Telegram, and a hardened REST channel.

Each connector is a small subclass of Rasa 3.6's own (so it keeps Rasa's name and webhook path,
`/webhooks/<name>/webhook`) that adds what a health assistant needs: every inbound request is
authenticated before anything is read (`verify`), each platform delivery is processed once
(`seen`), patients' ids reach the tracker only as a keyed hash (`ids`), nothing calls the platform
at start, and replies are rendered for the channel from the channel-neutral messages of the
actions (`render`, one renderer per channel module). `credentials` writes the effective
credentials file from the environment.
"""
