"""Checking the action server's answers once per turn without rebuilding the checker each time.

Rasa (3.6, `RemoteAction._validate_action_result`) validates every answer of the action server
against its response schema with `jsonschema.validate`, which checks the schema itself and builds a
new validator on every call: about 85 % of the cost of each check (measured in docs/performance.md).
The schema never changes, so one validator is built on first use and kept. The answer is checked
exactly as before, and an invalid one raises the same ValidationError with Rasa's hint appended.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        _validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
