"""The sign-up views of events (the pages themselves are Wagtail's)."""
