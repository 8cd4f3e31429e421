"""What every connector shares: the output channel that renders Rasa's messages per channel, and
`deliver`, the one way an authenticated inbound message reaches Rasa (once, under a pseudonym,
with a bare "2" mapped back to the choice it names when the channel showed numbered choices).
"""

from __future__ import annotations

import inspect
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered

from channels import ids, seen
from actions.triage.knowledge import message
from channels.render import UNREADABLE, ending_of, map_number

logger = logging.getLogger(__name__)


def setting(credentials: Optional[Dict[Text, Any]], key: Text, variable: Text, default: Text = "") -> Text:
    """A credentials.yml value, else the environment variable, else the default."""
    value = (credentials or {}).get(key)
    if value in (None, ""):
        value = os.environ.get(variable, default)
    return str(value)


class RenderedOutput(OutputChannel):
    """Routes each bot message to the channel's renderer. Bound to the platform address it
    answers (chat id, phone number, PSID): Rasa's recipient id is the pseudonym, not the address."""

    def __init__(self, address: Text):
        self.address = address

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        ending = ending_of(message)
        if ending is not None:
            await self.send_ending(ending)
            return
        text = message.get("text") or ""
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if buttons:
            await self.send_question(text, buttons)
        elif text:
            await self.send_text(text)
        if message.get("image"):
            await self.send_image(message["image"], "")

    # Rasa calls these directly in a few places (e.g. reminders): same renderers.
    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_text(text)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await self.send_question(text, buttons)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.send_image(image, "")

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        ending = ending_of({"custom": json_message})
        if ending is not None:
            await self.send_ending(ending)

    # -- per channel
    async def send_text(self, text: Text) -> None:
        raise NotImplementedError

    async def send_question(self, text: Text, buttons: Sequence[Dict[Text, Any]]) -> None:
        raise NotImplementedError

    async def send_image(self, url: Text, caption: Text) -> None:
        raise NotImplementedError

    async def send_ending(self, ending: Dict[Text, Any]) -> None:
        raise NotImplementedError


async def _maybe(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def last_choices(app: Any, sender_id: Text) -> List[Dict[Text, Any]]:
    """The buttons of the question the patient is answering (none after a user turn)."""
    agent = getattr(app.ctx, "agent", None)
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return []
    try:
        tracker = await _maybe(store.retrieve(sender_id))
    except Exception as err:  # noqa: BLE001 - without it the answer goes on as typed
        logger.warning("could not read the tracker to map a numbered answer: %s", err)
        return []
    for event in reversed(list(getattr(tracker, "events", []) or [])):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and (event.data or {}).get("buttons"):
            return list(event.data["buttons"])
    return []


async def deliver(
    request: Any,
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    *,
    channel: Text,
    user: Text,
    text: Text,
    output: RenderedOutput,
    delivery_id: Optional[Text],
    numbered: Callable[[Sequence[Dict[Text, Any]]], bool] = lambda buttons: False,
) -> bool:
    """Hands one authenticated message to Rasa; False if this delivery was already processed.

    `numbered(buttons)`: whether the channel showed these choices as a numbered list (then "2"
    means choice 2).
    """
    store = seen.for_app(request.app)
    key = f"{channel}:{delivery_id}" if delivery_id else None
    if key and not store.claim(key):
        logger.info("%s delivery %s already processed: ignored", channel, delivery_id)
        return False
    sender_id = ids.pseudonym(channel, user)
    # Rasa reads "/name" as an intent; from a patient it is words
    if text.startswith("/"):
        text = text.lstrip("/").strip() or "hello"
    if text.strip().lstrip("#").rstrip(".)").isdigit():
        buttons = await last_choices(request.app, sender_id)
        mapped = map_number(text, buttons) if buttons and numbered(buttons) else None
        if mapped is not None:
            text = mapped
    try:
        await on_new_message(UserMessage(text, output, sender_id, input_channel=channel))
    except Exception:  # noqa: BLE001 - the platform gets a 200 and the patient an apology
        logger.exception("%s: could not handle a message", channel)
        if key:
            store.release(key)
        await output.send_text(message("channels", "sorry"))
    return True


async def kind_reply(request: Any, *, channel: Text, delivery_id: Optional[Text], output: RenderedOutput,
                     text: Text = UNREADABLE) -> None:
    """Answers content the assistant cannot read (a sticker, a picture, a location) without
    Rasa: nothing reaches the tracker, the patient is told to type; once per delivery."""
    key = f"{channel}:{delivery_id}" if delivery_id else None
    if key is None or seen.for_app(request.app).claim(key):
        await output.send_text(text)
