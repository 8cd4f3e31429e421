"""The web widget in a real headless Chromium against the real servers: a patient's markup is
shown as text (no script runs, no javascript: link), and "Delete my conversation" deletes it
from the tracker store and clears the browser's copy."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from tests.web.test_browser import DESKTOP, Chat

pytestmark = [pytest.mark.integration, pytest.mark.browser]

HOSTILE = [
    "<script>window.__xss = 'script'</script> my left calf burns",
    "<img src=x onerror=\"window.__xss = 'img'\"> numb foot",
    "[click me](javascript:window.__xss='md') and <a href=\"javascript:window.__xss='a'\">this</a>",
]


def open_page(chromium, url):
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto(url + "/")
    chat = Chat(page, None, "security")
    chat.settle(0)
    return context, chat


def stored_session(page):
    raw = page.evaluate("() => window.localStorage.getItem('chat_session')")
    return json.loads(raw)["session_id"] if raw else None


def test_markup_typed_by_the_patient_is_shown_as_text(stack, chromium):
    context, chat = open_page(chromium, stack.web_url)
    page = chat.page
    try:
        for text in HOSTILE:
            chat.type(text)
        client = page.locator(".rw-client").all_inner_texts()
        assert any("<script>window.__xss = 'script'</script>" in t for t in client)
        assert any("<img src=x onerror=" in t for t in client)
        assert page.evaluate("() => window.__xss === undefined")
        assert page.locator(".rw-client img, .rw-client script, .rw-client iframe").count() == 0
        assert page.locator("a[href^='javascript:' i]").count() == 0
    finally:
        context.close()


def test_delete_my_conversation_button_deletes_and_clears_the_browser_copy(forget_model, chromium):
    stack = forget_model
    context, chat = open_page(chromium, stack.web_url)
    page = chat.page
    try:
        chat.type("burning pain down the back of my left leg")
        session = stored_session(page)
        assert session
        with sqlite3.connect(stack.tracker_db) as db:
            assert db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (session,)).fetchone()[0] > 0
        page.once("dialog", lambda d: d.accept())
        with page.expect_navigation(timeout=60000):
            page.locator(".spine-forget").click()
        page.wait_for_selector(".spine-status:not([hidden])", timeout=60000)
        status = page.locator(".spine-status").inner_text()
        if "could not be deleted" in status:
            pytest.fail(status)
        assert "Done. I deleted this conversation" in status or "deleted" in status
        assert stored_session(page) != session
        deadline = time.monotonic() + 30
        left = None
        while time.monotonic() < deadline:
            with sqlite3.connect(stack.tracker_db) as db:
                left = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (session,)).fetchone()[0]
            if left == 0:
                break
            time.sleep(0.5)
        assert left == 0
    finally:
        context.close()
