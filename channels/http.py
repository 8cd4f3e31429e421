"""Outbound calls to the platforms' APIs (replies only): async, with a timeout, never raising.

Each platform's base URL comes from the environment (SLACK_API_URL, FACEBOOK_API_URL,
TWILIO_API_URL, TELEGRAM_API_URL) so tests and proxies can point them elsewhere; `base()` gives
the public default otherwise.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from typing import Any, Dict, Optional, Text

import aiohttp

logger = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=20)
DEFAULTS = {
    "SLACK_API_URL": "https://slack.com/api",
    "FACEBOOK_API_URL": "https://graph.facebook.com/v18.0",
    "TWILIO_API_URL": "https://api.twilio.com",
    "TELEGRAM_API_URL": "https://api.telegram.org",
}


def redact(url: Text) -> Text:
    """The address without query and without the bot token Telegram puts in the path."""
    return re.sub(r"/bot[^/]+", "/bot***", url.split("?")[0])


def base(variable: Text) -> Text:
    return (os.environ.get(variable) or DEFAULTS[variable]).rstrip("/")


async def post(url: Text, *, json: Any = None, data: Optional[Dict[Text, Any]] = None,
               headers: Optional[Dict[Text, Text]] = None, auth: Optional[aiohttp.BasicAuth] = None,
               params: Optional[Dict[Text, Text]] = None) -> Optional[Any]:
    """POST and return the decoded JSON answer, or None (logged) on any failure."""
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.post(url, json=json, data=data, headers=headers, auth=auth,
                                    params=params) as resp:
                body = await resp.text()
                if resp.status >= 400:
                    logger.error("platform call %s failed: HTTP %s %s", redact(url), resp.status, body[:300])
                    return None
                try:
                    return await resp.json(content_type=None)
                except ValueError:
                    return body
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as err:
        logger.error("platform call %s failed: %s", redact(url), err)
        return None
    except Exception as err:  # noqa: BLE001 - a reply that cannot be sent must not break the turn
        logger.exception("platform call %s failed: %s", redact(url), err)
        return None
