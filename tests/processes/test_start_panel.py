"""Min side shows what waits for the person in processes: the first milestones, how many, how
many are late — in the same number of queries for one process and for five."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from processes.models import Milestone
from processes.services.milestones import milestone_plan
from tests.factories.processes import ProcessFactory, TemplateFactory

pytestmark = pytest.mark.django_db


def _waiting_for_bob(alice, bob, fjordbo, count: int) -> None:
    template = TemplateFactory.create()
    today = timezone.localdate()
    for _ in range(count):
        process = ProcessFactory.create(actor=alice, organisation=fjordbo, template=template)
        first, second = Milestone.objects.filter(process=process).order_by("position")[:2]
        milestone_plan(actor=alice, milestone=first, responsible=bob, due_on=today - timedelta(1))
        milestone_plan(actor=alice, milestone=second, responsible=bob, due_on=today + timedelta(9))


def test_the_panel_lists_what_waits_late_first(client, alice, bob, fjordbo):
    _waiting_for_bob(alice, bob, fjordbo, 1)
    client.force_login(bob)
    response = client.get("/min-side/")
    panel = response.context["processes"]
    assert (panel.count, panel.late) == (2, 1)
    assert panel.milestones[0].is_late
    html = response.content.decode()
    assert "Venter på dig i forløb" in html
    assert "2 milepæle venter på dig" in html
    assert "1 med overskredet frist" in html
    assert 'href="/forloeb/mine/"' in html


def test_nothing_waiting_means_no_panel(client, bob):
    client.force_login(bob)
    response = client.get("/min-side/")
    assert response.context["processes"] is None
    assert "Venter på dig i forløb" not in response.content.decode()


def test_the_panel_runs_the_same_queries_for_one_and_five_processes(client, alice, bob, fjordbo):
    client.force_login(bob)
    _waiting_for_bob(alice, bob, fjordbo, 1)
    client.get("/min-side/")
    with CaptureQueriesContext(connection) as small:
        client.get("/min-side/")
    _waiting_for_bob(alice, bob, fjordbo, 4)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/min-side/")
    assert response.context["processes"].count == 10
    assert len(large) == len(small)
