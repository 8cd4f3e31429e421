"""Clinical engine of Spine Triage Assistant (no Rasa): interpret, merge, assess, next_questions."""
from .engine import Assessment, assess, merge
from .policy import next_questions
from .redflags import red_flags_now
from .interpreter import interpret
