"""Custom Rasa graph components of the Spine Triage Assistant."""
