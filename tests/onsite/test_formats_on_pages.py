"""The log-entry page's dates are Danish and its ``<time datetime>`` values valid HTML.

Issue 18, fault 6: the history's ``datetime`` carried microseconds ("…T05:38:12.345678+01:00").
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from onsite.services import entries as services
from tests.core.html_dates import assert_valid_time_elements
from tests.onsite.fixtures_log import *  # noqa: F403  (the fixtures)
from tests.onsite.fixtures_log import make_entry

pytestmark = pytest.mark.django_db


def test_the_entry_page_has_valid_time_values_for_its_date_and_history(
    client, peter, kim, lars, project
):
    entry = make_entry(project, lars, participants=[lars, kim], submit=True)
    services.log_entry_cosign(entry=entry, actor=kim)
    services.log_entry_approve(entry=entry, actor=peter)
    client.force_login(peter)
    html = client.get(reverse("onsite:entry_detail", args=[entry.pk])).content.decode()
    values = assert_valid_time_elements(html, expect_at_least=3)  # the date and two steps
    assert entry.occurred_on in values
    assert " kl. " in html  # the history's moments: "4. december 2026 kl. 05.38"


def test_the_project_page_lists_entries_with_valid_dates(client, peter, lars, project):
    make_entry(project, lars, submit=True)
    client.force_login(peter)
    html = client.get(reverse("onsite:project_detail", args=[project.pk])).content.decode()
    assert_valid_time_elements(html)
