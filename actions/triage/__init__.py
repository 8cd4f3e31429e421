"""Clinical engine of Spine Triage Assistant (no Rasa): interpret, merge, assess, next_questions.

The exports are lazy (PEP 562): `from actions.triage import knowledge` or importing the rules
never loads spaCy; only the first use of `interpret` builds the pipeline.
"""
from importlib import import_module

_EXPORTS = {
    "Assessment": "engine",
    "assess": "engine",
    "merge": "engine",
    "interpret": "interpreter",
    "next_questions": "policy",
    "red_flags_now": "redflags",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
