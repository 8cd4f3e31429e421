"""The integration tests use the session's server stack (tests/conftest.py: `stack`, `sender`)."""
