"""Reads every user message for findings and red flags (`action_validate_slot_mappings`).

Rasa runs this action after every user message, in and out of the interview form. It
interprets the WHOLE text with the clinical engine (the NLU only classified a prefix of a long
message, addons/nlu_prefix.py), using the question being asked as context, merges the findings
into the `case` slot, mirrors the contract slots and, when a red flag appears or the urgency
rises, sets `triage_level`, `red_flags` and `alert`, on which `addons/safety_policy.py` ends the
interview in this same turn. It also sets, for the turn:

- `described` when a message outside the interview told the engine about the symptoms
  (`addons/intake_policy.py` then starts the interview, whatever the intent);
- `answer_key` when the message asks a question about the condition that the FAQ answers
  (`addons/answer_policy.py` answers it first, then starts or resumes the interview);
- `to_confirm`: the questions the engine wants confirmed (its reading was unclear, or its
  high-recall red-flag net fired, `findings["extras"]["confirm"]`); the form asks them next.

In a question to the bot, only what the patient states about themselves counts: "I've got
sciatica, can it make my toes numb?" reads "I've got sciatica" as usual; a first-person flag
inside the question itself ("is it normal that I can't pee?") still counts, a hypothetical one
("what if I lose control of my bladder?") is confirmed rather than raised, and the rest ("can
sciatica cause numb toes?") is not a finding. A very long message also gets a short note asking
for shorter messages.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    NOT_ANSWERS,
    case_of,
    current_question,
    higher_level,
    intent_of,
    mirror,
    text_of,
    this_turn,
)
from actions.triage import interpret, knowledge, merge, red_flags_now
from actions.triage.contract import QUESTIONS

logger = logging.getLogger(__name__)

LONG_TEXT = 2000  # characters: longer messages get the "keep it shorter" note, read off the loop
LONG_NOTE = knowledge.message("reading", "long_note")
ANSWER_STARTS = {
    "yes", "yeah", "yep", "yup", "aye", "no", "nope", "nah", "never", "not", "none", "nothing",
    "maybe", "both", "left", "right", "sometimes",
}
QUESTION_WORDS = {
    "what", "whats", "what's", "why", "how", "can", "could", "does", "do", "is", "are", "will",
    "would", "should", "when", "which", "who", "where",
}
FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|i'd|me|my|myself|mine)\b")
# Words that make a clause a supposition rather than a statement of fact.
HYPOTHETICAL = re.compile(
    r"\b(what if|suppose|supposing|imagine|hypothetically|in case|"
    r"if (i|you|someone|somebody|a person|people) (ever |were to |was to |)"
    r"(get|got|gets|start|started|starts|develop|developed|develops|lose|lost|loses|have|had|has|"
    r"notice|noticed|notices|can't|cannot|couldn't|felt|feel|feels|wet|became|become|becomes))\b"
)
# Clause ends: sentence punctuation, or a comma or dash before a question word ("I've got
# sciatica, can it make my toes numb?", "... since yesterday, what does that mean?").
CLAUSE_BREAK = re.compile(
    r"(?<=[.!?;])\s+|\s*[,\u2013\u2014-]\s+(?=(?:and\s+|but\s+|so\s+)?(?:"
    + "|".join(sorted(QUESTION_WORDS)) + r")\b)",
    re.IGNORECASE,
)
# Intents that ask something else than a question about the condition ("help" may be either:
# "can you explain sciatica?" is often classified as a request for help).
DIRECT_REQUESTS = NOT_ANSWERS - {"faq", "greet", "thanks", "help"}
FAQ_RANK_MIN = 0.05  # a question is answered from the FAQ when `faq` has at least this share
FAQ_RANK_OVER_HELP = 0.1  # ... and this share when it was classified as a request for help
# ... or, whatever the intent's ranking, when the selector is this confident and the question
# shares this many content words with the chosen topic's own examples (addons/faq_words.py).
# The shared words are the evidence; the confidence only keeps out a topic the selector barely
# preferred (docs/performance.md: no false answer at 0.6 on any bank, held-out file or vignette).
FAQ_WORDS_CONFIDENCE = 0.6
FAQ_WORDS_MIN = 2
READER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="long-reader")
_cache: "OrderedDict[Tuple, Dict]" = OrderedDict()
CACHE_SIZE = 64


def words_of(text: Text) -> List[Text]:
    return [w.strip(",.!?-\"'()") for w in text.strip().lower().split()]


def is_question(text: Text) -> bool:
    """Whether the message asks the bot something rather than telling it something.

    "left?" is an unsure answer, and "no, not me - my mum had cancer, is that relevant?"
    answers first and asks after: both are read as answers.
    """
    words = words_of(text)
    if len(words) < 3:
        return False
    if words[0] in QUESTION_WORDS:
        return True
    return text.rstrip().endswith("?") and words[0] not in ANSWER_STARTS


def is_question_clause(clause: Text) -> bool:
    words = words_of(clause)
    return bool(words) and (words[0] in QUESTION_WORDS or clause.rstrip().endswith("?"))


def clauses(text: Text) -> Tuple[List[Text], List[Text]]:
    """The statements and the questions of a message, in order."""
    statements: List[Text] = []
    asks: List[Text] = []
    for clause in CLAUSE_BREAK.split(text):
        if clause and clause.strip():
            (asks if is_question_clause(clause) else statements).append(clause.strip())
    return statements, asks


@lru_cache(maxsize=1)
def flag_questions() -> frozenset:
    """The contract questions whose "yes" can raise a red flag (from red_flags.yml)."""
    return knowledge.load().flag_questions()


def flag_findings(findings: Dict[Text, Any]) -> Dict[Text, Any]:
    """Only the warning-sign answers a message gives (used for questions to the bot)."""
    kept = {k: v for k, v in findings.items() if k in flag_questions() and v == "yes"}
    if "extras" in findings:
        kept["extras"] = findings["extras"]
    return kept


def unite(a: Dict[Text, Any], b: Dict[Text, Any]) -> Dict[Text, Any]:
    """Two readings of parts of one message, as one (yes wins, lists and extras are united)."""
    return merge(a, b) if a else dict(b)


def read_question(text: Text, case: Dict[Text, Any]) -> Dict[Text, Any]:
    """What a question to the bot says about the patient (see module docstring).

    Statements are read together, as any message; a question clause counts only for the
    warning signs it states in the first person; a supposition ("if I lose control of my
    bladder, ...") raises nothing but asks the engine's questions for its flags to be confirmed.
    """
    statements, asks = clauses(text)
    facts = [c for c in statements if not HYPOTHETICAL.search(c.lower())]
    findings: Dict[Text, Any] = {}
    if facts:
        findings = interpret(" ".join(facts), question=None, case=case)
    confirm: List[Text] = []
    for clause in [c for c in statements if c not in facts] + asks:
        lowered = clause.lower()
        if not FIRST_PERSON.search(lowered):
            continue
        flags = flag_findings(interpret(clause, question=None, case=case))
        if HYPOTHETICAL.search(lowered):
            confirm += [k for k in flags if k in QUESTIONS]
        else:
            findings = unite(findings, flags)
    if confirm:
        extras = dict(findings.get("extras") or {})
        extras["confirm"] = list(dict.fromkeys(list(extras.get("confirm") or []) + confirm))
        findings = {**findings, "extras": extras}
    return findings


def read_message(text: Text, intent: Text, question: Any, case: Dict[Text, Any]) -> Dict:
    """The findings of one message, in the light of the question being asked.

    A question to the bot is read by `read_question`. Any other message is read as an answer
    to the question being asked, whatever its intent: a classifier may call "I can get up on
    my toes okay" a question about the condition, but its words answer the self-check.
    """
    if not text.strip() or text.startswith("/"):
        return {}
    if is_question(text):
        return read_question(text, case)
    if intent == "faq" and question is None:
        return flag_findings(interpret(text, question=None, case=case))
    return interpret(text, question=question, case=case)


def describes_symptoms(findings: Dict[Text, Any]) -> bool:
    """Whether a message outside the interview told the engine anything about the symptoms."""
    return any(key != "extras" for key in findings)


def flag_events(tracker: Tracker, case: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """Slot events for the red flags found so far; `alert` when something new is found."""
    flags = red_flags_now(case)
    if not flags:
        return []
    old_names = set(tracker.get_slot("red_flags") or [])
    old_level = tracker.get_slot("triage_level")
    names = sorted(old_names | {f["name"] for f in flags if f.get("name")})
    level = old_level
    for flag in flags:
        level = higher_level(level, flag.get("level"))
    if set(names) == old_names and level == old_level:
        return []
    return [SlotSet("red_flags", names), SlotSet("triage_level", level), SlotSet("alert", True)]


def split_confirm(findings: Dict[Text, Any]) -> Tuple[Dict[Text, Any], List[Text]]:
    """The findings without the engine's confirmation requests, and those requests."""
    extras = findings.get("extras")
    if not isinstance(extras, dict) or "confirm" not in extras:
        return findings, []
    asked = [q for q in extras.get("confirm") or [] if q in QUESTIONS]
    rest = {k: v for k, v in extras.items() if k != "confirm"}
    findings = {k: v for k, v in findings.items() if k != "extras"}
    if rest:
        findings["extras"] = rest
    return findings, list(dict.fromkeys(asked))


def still_to_confirm(old: List[Text], question: Optional[Text], findings: Dict[Text, Any],
                     requested: List[Text], case: Dict[Text, Any]) -> List[Text]:
    """The confirmations still open after this message.

    The one being asked is settled when the message answered it clearly (a value and no new
    request for it); a question whose flag is raised needs no confirming.
    """
    out = [q for q in old if not (q == question and q in findings and q not in requested)]
    out += [q for q in requested if q not in out]
    return [q for q in out if case.get(q) != "yes"]


def faq_key(message: Dict[Text, Any], text: Text) -> Optional[Text]:
    """The FAQ topic to answer this message with, if it asks about the condition.

    The response selector ranks the topics for every message; the topic is answered when the
    intent is `faq`, or when the message is a question and `faq` has a fair share of the intent
    ranking (a question with symptom words is often classified as a description), or when the
    selector is confident and the question shares content words with the topic's own training
    examples (`faq_words`, set by addons/faq_words.py): DIET files some plain questions under
    another intent ("is physio worth trying?" as `unsure`), and the selector's confidence alone
    is no evidence (it is high for "what's 5 times 7" too).
    """
    selector = (message.get("response_selector") or {}).get("faq") or {}
    key = ((selector.get("response") or {}).get("intent_response_key") or "").partition("/")[2]
    if not key:
        return None
    intent = ((message.get("intent") or {}).get("name") or "").split("/")[0]
    if intent == "faq":
        return key
    if intent in DIRECT_REQUESTS or not is_question(text):
        return None
    ranking = {
        (r.get("name") or "").split("/")[0]: r.get("confidence") or 0.0
        for r in message.get("intent_ranking") or []
    }
    least = FAQ_RANK_OVER_HELP if intent == "help" else FAQ_RANK_MIN
    if ranking.get("faq", 0.0) >= least:
        return key
    shared = message.get("faq_words") or {}
    if (
        (selector.get("response") or {}).get("confidence", 0.0) >= FAQ_WORDS_CONFIDENCE
        and shared.get("topic") == key
        and len(shared.get("words") or []) >= FAQ_WORDS_MIN
    ):
        return key
    return None


def cached_read(key: Tuple, text: Text, intent: Text, question: Any, case: Dict) -> Dict:
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    findings = read_message(text, intent, question, case)
    _cache[key] = findings
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return findings


class ReadEveryMessage(Action):
    """Global slot extraction: runs after every user message (see module docstring)."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if this_turn(tracker):
            # Rasa runs the slot extraction again when a form starts: this message is read.
            return []
        old = case_of(tracker)
        question = current_question(tracker)
        intent = intent_of(tracker)
        text = text_of(tracker)
        message = tracker.latest_message or {}
        key = (tracker.sender_id, message.get("message_id"), len(text), hash(text), question)
        try:
            if len(text) > LONG_TEXT:
                # read off the event loop, so that other conversations are served meanwhile
                loop = asyncio.get_running_loop()
                findings = await loop.run_in_executor(
                    READER, cached_read, key, text, intent, question, old
                )
            else:
                findings = cached_read(key, text, intent, question, old)
        except Exception:  # logged at ERROR (tests look for it); the conversation goes on
            logger.exception("could not read the message")
            findings = {}
        findings, requested = split_confirm(findings)
        replace = True if intent == "correct" else question
        new = merge(old, findings, replace=replace) if findings else old
        events: List[Dict[Text, Any]] = []
        for marker in ("alert", "described", "answer_key"):  # each speaks only of its own turn
            if tracker.get_slot(marker):
                events.append(SlotSet(marker, None if marker == "answer_key" else False))
        events += mirror(old, new)
        if question is None and describes_symptoms(findings):
            events.append(SlotSet("described", True))
        old_confirm = list(tracker.get_slot("to_confirm") or [])
        confirm = still_to_confirm(old_confirm, question, findings, requested, new)
        if confirm != old_confirm:
            events.append(SlotSet("to_confirm", confirm))
        answer = faq_key(message, text)
        if answer and not is_question(text) and (
            (question is not None and question in findings)
            or (question is None and describes_symptoms(findings))
        ):
            answer = None  # a statement filed under `faq` ("sitting for a long time"): an answer
        if answer:
            events.append(SlotSet("answer_key", answer))
        flags = flag_events(tracker, new)
        if len(text) > LONG_TEXT and not flags:
            dispatcher.utter_message(text=LONG_NOTE)
        return events + flags
