"""Two simultaneous requests that create the same unique row: the loser gets a Danish message
beside the field (a ValidationError), never a 500 from an ``IntegrityError``.

The race is simulated by letting the twin pass the service's check (``full_clean`` finds
nothing, as it would while the twin is not yet committed) and then hitting the constraint on
insert. The PostgreSQL test runs two real requests at once.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models

from onsite.models import Measurement, PartyRole, ProjectMember, ProjectParty
from onsite.services import effects as effect_services
from onsite.services import projects as project_services
from tests.onsite.fixtures_effects import *  # noqa: F403  (the fixtures)


def _check_passes():  # type: ignore[no-untyped-def]
    """The check before the insert sees no twin (it is still uncommitted in the race)."""
    return mock.patch.object(models.Model, "validate_constraints", lambda self, exclude=None: None)


def _still_usable() -> None:
    # The savepoint kept the surrounding transaction alive: the request can still answer.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@pytest.mark.django_db
class TestSimulatedRace:
    def test_member_add(self, bob, mads, project):
        project_services.member_add(project=project, actor=bob, user=mads)
        with _check_passes(), pytest.raises(ValidationError) as caught:
            project_services.member_add(project=project, actor=bob, user=mads)
        assert caught.value.message_dict == {"user": ["Personen er allerede med på byggesagen."]}
        _still_usable()
        assert ProjectMember.objects.filter(project=project, user=mads).count() == 1

    def test_party_create(self, bob, project):
        values = {"role": PartyRole.MUNICIPALITY, "name": "Fjordby Kommune"}
        project_services.party_create(project=project, actor=bob, **values)
        with _check_passes(), pytest.raises(ValidationError) as caught:
            project_services.party_create(project=project, actor=bob, **values)
        assert "name" in caught.value.message_dict
        _still_usable()
        assert ProjectParty.objects.filter(project=project, name="Fjordby Kommune").count() == 1

    def test_indicator_create(self, bob, project):
        values = {
            "name": "Budgetafvigelse",
            "category": "economy",
            "unit": "%",
            "baseline": Decimal("8.5"),
            "target": Decimal("3"),
            "direction": "lower",
        }
        effect_services.indicator_create(project=project, actor=bob, **values)
        with _check_passes(), pytest.raises(ValidationError) as caught:
            effect_services.indicator_create(project=project, actor=bob, **values)
        assert caught.value.message_dict == {
            "name": ["Byggesagen har allerede et effektmål med det navn."]
        }
        _still_usable()

    def test_measurement_add(self, bob, indicator):
        values = {"measured_on": date(2026, 3, 1), "value": Decimal("12")}
        effect_services.measurement_add(indicator=indicator, actor=bob, **values)
        with _check_passes(), pytest.raises(ValidationError) as caught:
            effect_services.measurement_add(indicator=indicator, actor=bob, **values)
        assert caught.value.message_dict == {
            "measured_on": ["Der er allerede en måling på den dato."]
        }
        _still_usable()
        assert (
            Measurement.objects.filter(
                indicator=indicator, measured_on=values["measured_on"]
            ).count()
            == 1
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_leaders_adding_the_same_colleague_at_once(bob, mads, project):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def add() -> None:
        try:
            barrier.wait(timeout=30)
            project_services.member_add(project=project, actor=bob, user=mads)
            outcomes.append("added")
        except ValidationError:
            outcomes.append("refused")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert "added" in outcomes and len(outcomes) == 2
    assert ProjectMember.objects.filter(project=project, user=mads).count() == 1
