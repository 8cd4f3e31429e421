"""The reading rules of the clinical engine, one module per clinical topic (docs/reading.md).

`actions/triage/interpreter.py` is the public entry: it assembles these readers into one reading
of a message. The shared machinery is in `core` (the parsed message, clauses, negation, hedges,
time frame, the findings being built), `text` (clean-up and typo correction), `scope` (what the
patient does not state about themselves) and `answers` (yes / no / not sure). Every word the rules
use comes from knowledge/<language>/lexicon.yml.

Importing this package or any of its modules does not load spaCy: the pipeline is built on the
first message read.
"""
