"""Clinical engine of Spine Triage Assistant (no Rasa): interpret, merge, assess, next_questions."""
from .engine import Assessment, assess, merge
from .interpreter import interpret
from .policy import next_questions
from .redflags import red_flags_now

__all__ = ["Assessment", "assess", "interpret", "merge", "next_questions", "red_flags_now"]
