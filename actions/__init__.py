"""Rasa custom actions of the Spine Triage Assistant.

The modules here are thin adapters between Rasa and the clinical engine in
`actions/triage/`, which knows nothing about Rasa.
"""
