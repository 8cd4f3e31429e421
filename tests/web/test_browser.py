"""The chat page in a real headless Chromium (Debian's, driven by Playwright) against the real
servers: a routine interview answered by clicking and by typing, the body map and the summary
link, a red-flag interview that ends with the emergency card, a reload that keeps the conversation,
and axe-core (from web/node_modules) finding no serious or critical violation.
Each step saves a screenshot under results/browser/ (NN-name.png)."""

from __future__ import annotations

import json
import re
import time

import pytest
import requests

from tools.stack import ROOT
from tests.conftest import EMERGENCY_NUMBER

pytestmark = [pytest.mark.integration, pytest.mark.browser]

AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1024, "height": 900}

# question (a phrase of it) -> ("click" | "type" | "key", answer)
ROUTINE = [
    ("bladder or bowels", ("click", "No")),
    ("saddle", ("type", "no, nothing like that")),
    ("feel weak", ("click", "No")),
    ("fever", ("click", "No")),
    ("cancer", ("key", "No")),
    ("lost weight", ("click", "No")),
    ("fall, an accident", ("type", "no, it came on by itself")),
    ("Where exactly", ("type", "the outer side of my shin and the top of my foot")),
    ("Which side", ("click", "Left")),
    ("What does it feel like", ("type", "shooting pain and tingling")),
    ("on your heels", ("click", "I can do it fine")),
    ("tiptoes", ("click", "I can do it fine")),
    ("makes it worse", ("type", "sitting and coughing")),
    ("eases it", ("type", "walking about")),
    ("How long", ("type", "about 3 weeks")),
    ("How old", ("type", "45")),
    ("calf swollen", ("click", "No")),
    ("diabetes", ("click", "No")),
    ("lower back", ("click", "Yes")),
]


class Chat:
    """The page, with helpers that wait like a patient would."""

    def __init__(self, page, shots, prefix):
        self.page, self.shots, self.prefix, self.n = page, shots, prefix, 0

    def shot(self, name, full=False):
        self.n += 1
        self.page.screenshot(path=str(self.shots / f"{self.prefix}-{self.n:02d}-{name}.png"), full_page=full)

    def bot_count(self):
        return self.page.locator(".rw-response, .spine-card, .rw-image-frame").count()

    def settle(self, before, timeout=60.0):
        """Wait for at least one new bot message, then until none arrives for 2 s."""
        deadline = time.monotonic() + timeout
        while self.bot_count() <= before:
            assert time.monotonic() < deadline, "the assistant did not answer"
            self.page.wait_for_timeout(200)
        last, stable = self.bot_count(), time.monotonic()
        while time.monotonic() - stable < 2.0 and time.monotonic() < deadline:
            self.page.wait_for_timeout(200)
            if self.bot_count() != last:
                last, stable = self.bot_count(), time.monotonic()

    def last_bot_text(self):
        texts = self.page.locator(".rw-response").all_inner_texts()
        return texts[-1] if texts else ""

    def type(self, text):
        before = self.bot_count()
        box = self.page.locator(".rw-new-message")
        box.click()
        box.fill(text)
        box.press("Enter")
        self.settle(before)

    def reply(self, title, keyboard=False):
        before = self.bot_count()
        button = self.page.locator(".rw-replies").last.locator(".rw-reply", has_text=re.compile(f"^{re.escape(title)}"))
        if keyboard:
            button.first.focus()
            self.page.keyboard.press("Enter")
        else:
            button.first.click()
        self.settle(before)

    def axe(self, name):
        # Evaluated through the browser's debugging protocol: the page's CSP (script-src 'self')
        # rightly refuses an injected inline <script>, and the page must be tested under its real CSP.
        if not self.page.evaluate("() => !!window.axe"):
            self.page.evaluate("() => {" + AXE.read_text(encoding="utf-8") + "\n}")
        result = self.page.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""")
        (self.shots / f"{self.prefix}-axe-{name}.json").write_text(json.dumps(result, indent=1))
        bad = [v for v in result if v["impact"] in ("serious", "critical")]
        assert not bad, f"axe ({name}): {json.dumps(bad, indent=1)}"
        return result

    def no_horizontal_scroll(self):
        width = self.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1] + 1, f"page scrolls sideways: {width}"


def watch_requests(context):
    """Every request the page makes; the test checks that none leaves this machine (no CDN)."""
    seen = []
    context.on("request", lambda r: seen.append(r.url))
    return seen


def assert_all_local(seen):
    outside = [u for u in seen if not re.match(r"^(data:|blob:|(https?|wss?)://127\.0\.0\.1[:/])", u)]
    assert not outside, f"requests to other hosts: {outside[:5]}"


def open_chat(chromium, url, shots, prefix, viewport):
    context = chromium.new_context(viewport=viewport, locale="en-GB")
    context.seen = watch_requests(context)
    page = context.new_page()
    page.goto(url + "/")
    chat = Chat(page, shots, prefix)
    chat.settle(0)                              # the greeting
    return context, chat


def test_routine_path_buttons_typing_bodymap_summary_and_reload(web_stack, chromium, shots_dir):
    stack, url = web_stack
    context, chat = open_chat(chromium, url, shots_dir, "routine", DESKTOP)
    page = chat.page
    try:
        assert page.locator("h1").inner_text() == "Spine Triage Assistant"
        assert page.locator(".rw-header").inner_text().startswith("Spine Triage Assistant")
        assert "not a diagnosis" in page.locator(".spine-disclaimer").inner_text().lower()
        emergency = page.locator(".spine-emergency")
        assert EMERGENCY_NUMBER in emergency.inner_text()
        assert emergency.locator("a").get_attribute("href") == f"tel:{EMERGENCY_NUMBER}"
        chat.shot("open")
        chat.axe("open")

        chat.type("I have shooting pain down my left leg into the outer shin and the top of my foot")
        chat.shot("complaint")
        asked, reloaded, steps_seen = [], False, False
        for _ in range(30):
            if page.locator(".spine-card").count():
                break
            question = chat.last_bot_text()
            match = next(((k, a) for k, a in ROUTINE if k.lower() in question.lower()), None)
            assert match, f"unexpected question: {question!r}"
            key, (how, answer) = match
            if key in ("on your heels", "tiptoes"):
                steps = page.locator(".rw-response").last.locator("ol.spine-steps > li")
                assert steps.count() >= 4, "self-check steps not shown as a list"
                steps_seen = True
                chat.shot(f"selfcheck-{key.split()[-1]}")
            asked.append(key)
            if how == "type":
                chat.type(answer)
            else:
                chat.reply(answer, keyboard=(how == "key"))
            chat.shot(re.sub(r"\W+", "-", key.lower()).strip("-"))
            if len(asked) == 3 and not reloaded:   # reload in the middle: the conversation stays
                count = chat.bot_count()
                page.reload()
                page.wait_for_selector(".rw-response")
                page.wait_for_timeout(1500)
                assert chat.bot_count() >= count
                assert "outer shin" in page.locator(".rw-messages-container").inner_text()
                chat.shot("after-reload")
                reloaded = True
        assert page.locator(".spine-card").count(), f"no recommendation after {asked}"
        assert reloaded and steps_seen
        assert {"bladder or bowels", "cancer"} <= set(asked)

        card = page.locator(".spine-card").last
        assert card.get_attribute("data-level") in ("routine", "soon")
        card.scroll_into_view_if_needed()
        chat.shot("recommendation-card")
        img = page.locator("img.rw-image-frame").last
        img.wait_for()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        src = img.get_attribute("src")
        assert "/bodymap.png?" in src and "roots=" in src and "outer_shin" in src
        assert "Body map" in img.get_attribute("alt")
        link = page.locator(".rw-messages-container a[href*='/summary/']").last
        href = link.get_attribute("href")
        assert href.startswith(url + "/summary/")
        img.scroll_into_view_if_needed()
        chat.shot("recommendation-bodymap")
        link.scroll_into_view_if_needed()
        chat.shot("summary-link")
        chat.axe("end")

        # the body map also as SVG by URL (for channels that only show pictures)
        svg = requests.get(src.replace("/bodymap.png", "/bodymap.svg"), timeout=30)
        assert svg.status_code == 200 and svg.headers["Content-Type"].startswith("image/svg+xml")
        assert "<svg" in svg.text

        # reload at the end: everything is still there
        page.reload()
        page.wait_for_selector(".spine-card")
        assert page.locator("img.rw-image-frame").count() and page.locator("a[href*='/summary/']").count()
        chat.shot("end-after-reload")

        # the summary page
        summary = context.new_page()
        summary.goto(href)
        text = summary.locator("main").inner_text()
        assert "Summary for the doctor" in text and "not a diagnosis" in text.lower()
        assert "outer shin" in text and "Pertinent negatives" in text and "Red-flag questions" in text
        assert summary.locator("figure svg").count() == 1
        assert re.search(r"\d{2} \w{3} \d{4}, \d{2}:\d{2}", text), "no date and time"
        sum_chat = Chat(summary, shots_dir, "summary")
        sum_chat.shot("page", full=True)
        sum_chat.axe("page")
        summary.emulate_media(media="print")
        sum_chat.shot("print", full=True)
        # a tampered link is refused
        bad = requests.get(href[:-3] + ("AAA" if not href.endswith("AAA") else "BBB"), timeout=30)
        assert bad.status_code == 403 and "Summary for the doctor" not in bad.text
        assert_all_local(context.seen)
    finally:
        context.close()


def test_red_flag_path_shows_the_emergency_card_on_a_phone(web_stack, chromium, shots_dir):
    stack, url = web_stack
    context, chat = open_chat(chromium, url, shots_dir, "redflag", PHONE)
    page = chat.page
    try:
        chat.no_horizontal_scroll()
        chat.shot("open-360px")
        chat.type("my back went and since yesterday I can't pee properly, only a dribble")
        card = page.locator(".spine-card--emergency")
        card.wait_for(timeout=30000)
        assert card.get_attribute("role") == "alert"
        assert card.locator(".spine-card__call").get_attribute("href") == f"tel:{EMERGENCY_NUMBER}"
        assert "emergency" in card.inner_text().lower()
        card.scroll_into_view_if_needed()
        chat.no_horizontal_scroll()
        chat.shot("emergency-card")
        chat.axe("emergency")
        page.reload()
        page.wait_for_selector(".spine-card--emergency")
        chat.shot("emergency-after-reload")
        assert_all_local(context.seen)
    finally:
        context.close()


def test_zoom_200_percent_and_start_over(web_stack, chromium, shots_dir):
    """1280 px at 200 % zoom is a 640 px wide viewport with twice the pixels."""
    stack, url = web_stack
    context = chromium.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(url + "/")
        chat = Chat(page, shots_dir, "zoom200")
        chat.settle(0)
        chat.no_horizontal_scroll()
        chat.shot("open")
        chat.type("my calf hurts")
        first = page.evaluate("() => localStorage.getItem('chat_session')")
        assert first
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="Start over").click()
        page.wait_for_load_state()
        chat.settle(0)
        assert "my calf hurts" not in page.locator(".rw-messages-container").inner_text()
        chat.shot("after-start-over")
    finally:
        context.close()
