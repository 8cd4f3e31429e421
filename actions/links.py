"""Web extras of the recommendation: the urgency card, the body map and the summary link.

(Placeholder: issue 5 fills this in.)
"""

from __future__ import annotations

from typing import Any, Dict, List, Text


def handoff_extras(sender_id: Text, result: Dict[Text, Any], level: Text) -> List[Dict[Text, Any]]:
    """Keyword arguments for `dispatcher.utter_message`, one dict per extra message."""
    return []
