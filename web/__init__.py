"""The page server: the chat page, the body map and the doctor's summary (its own process)."""
