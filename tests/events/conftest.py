"""Fixtures of the events tests: the index page, a coming event, and running commit callbacks
(the e-mails are enqueued on commit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from wagtail.models import Page

from events.models import EventIndexPage, EventPage
from tests.factories.events import event as make_event
from tests.factories.events import event_index


@pytest.fixture
def index(home: Page) -> EventIndexPage:
    return event_index(home)


@pytest.fixture
def event(index: EventIndexPage) -> EventPage:
    return make_event(index, title="Temadag om A3 Fremtidsanalyse", slug="temadag-a3")


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run ``function(**kwargs)`` and then its on-commit callbacks (the e-mails)."""

    def run(function: Callable[..., Any], **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run
