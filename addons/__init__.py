"""Custom Rasa graph components of the Spine Triage Assistant.

Importing this package also registers negspacy's `negex` factory with spaCy: Rasa's SpacyNLP
loads the project's pipeline (build/spacy_pipeline), which contains a `negex` component, and
Rasa imports the policies named in config.yml (this package) before it loads that pipeline.
It also keeps one checker for the action server's answers (addons/action_calls.py).
"""

import negspacy.negation  # noqa: F401

from addons import action_calls

action_calls.install()
