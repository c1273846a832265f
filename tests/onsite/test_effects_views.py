"""The effect page and the project leaders' forms for indicators and measurements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from onsite.models import EffectIndicator, Measurement
from tests.onsite.fixtures_effects import *  # noqa: F403
from tests.onsite.fixtures_effects import make_indicator

pytestmark = pytest.mark.django_db


def effects_url(project):  # type: ignore[no-untyped-def]
    return reverse("onsite:effects", args=[project.pk])


def measurement_add_url(indicator):  # type: ignore[no-untyped-def]
    return reverse("onsite:measurement_add", args=[indicator.project_id, indicator.pk])


class TestEffectPage:
    def test_it_shows_each_indicator_with_chart_and_table(self, client, bob, indicator):
        client.force_login(bob)
        response = client.get(effects_url(indicator.project))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Antal ændringsordrer" in content
        assert 'role="img"' in content and "<title" in content
        # The data table: dates and Danish decimals, baseline and target.
        assert "1. dec. 2025" in content
        assert "30,5" in content
        assert "<caption>Målinger af Antal ændringsordrer</caption>" in content
        assert "Udgangspunkt" in content and "Mål" in content
        assert 'id="effekt-' in content

    def test_progress_is_said_in_words(self, client, bob, indicator):
        client.force_login(bob)
        response = client.get(effects_url(indicator.project))
        (shown,) = response.context["indicators"]
        # 42 → 25; 30,5 is 11,5 of 17 = 68 % of the way.
        assert shown.progress == Decimal("68")
        assert shown.status_label == "På vej mod målet"

    def test_a_member_sees_it_without_forms(self, client, dorte, indicator):
        client.force_login(dorte)
        response = client.get(effects_url(indicator.project))
        assert response.status_code == 200
        assert reverse("onsite:indicator_create", args=[indicator.project_id]) not in (
            response.content.decode()
        )

    def test_hr_of_the_organisation_sees_it(self, client, alice, indicator):
        client.force_login(alice)
        assert client.get(effects_url(indicator.project)).status_code == 200

    def test_anonymous_is_sent_to_log_in(self, client, indicator):
        response = client.get(effects_url(indicator.project))
        assert response.status_code == 302
        assert "/konto/" in response["Location"]


class TestIndicatorForms:
    def test_a_leader_creates_an_indicator(self, client, bob, project):
        client.force_login(bob)
        response = client.post(
            reverse("onsite:indicator_create", args=[project.pk]),
            {
                "name": "Budgetafvigelse",
                "category": "economy",
                "unit": "%",
                "baseline": "8,5",
                "target": "3",
                "direction": "lower",
                "note": "Fra byggeregnskabet.",
            },
        )
        assert response.status_code == 302
        indicator = EffectIndicator.objects.get(project=project)
        assert indicator.baseline == Decimal("8.5")
        assert ModelLogEntry.objects.filter(action="onsite.indicator.create").count() == 1

    def test_a_duplicate_name_is_refused_beside_the_field(self, client, bob, indicator):
        client.force_login(bob)
        response = client.post(
            reverse("onsite:indicator_create", args=[indicator.project_id]),
            {
                "name": "Antal ændringsordrer",
                "category": "process",
                "unit": "antal",
                "baseline": "10",
                "target": "5",
                "direction": "lower",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["name"]
        assert EffectIndicator.objects.count() == 1

    def test_target_equal_to_baseline_is_refused(self, client, bob, project):
        client.force_login(bob)
        response = client.post(
            reverse("onsite:indicator_create", args=[project.pk]),
            {
                "name": "Tidsplanafvigelse",
                "category": "process",
                "unit": "dage",
                "baseline": "10",
                "target": "10,0",
                "direction": "lower",
            },
        )
        assert "target" in response.context["form"].errors
        assert not EffectIndicator.objects.exists()

    def test_edit_shows_danish_decimals_and_saves(self, client, bob, project):
        indicator = make_indicator(project, "Beboertilfredshed", unit="1–5", baseline=Decimal("3.10"), target=Decimal("4"), direction="higher", category="social")  # fmt: skip
        client.force_login(bob)
        url = reverse("onsite:indicator_edit", args=[project.pk, indicator.pk])
        assert 'value="3,1"' in client.get(url).content.decode()
        response = client.post(
            url,
            {
                "name": "Beboertilfredshed",
                "category": "social",
                "unit": "1–5",
                "baseline": "3,2",
                "target": "4,2",
                "direction": "higher",
            },
        )
        assert response.status_code == 302
        indicator.refresh_from_db()
        assert (indicator.baseline, indicator.target) == (Decimal("3.2"), Decimal("4.2"))

    def test_delete_removes_measurements_too(self, client, bob, indicator):
        client.force_login(bob)
        url = reverse("onsite:indicator_delete", args=[indicator.project_id, indicator.pk])
        assert "2 målinger" in client.get(url).content.decode()
        assert client.post(url).status_code == 302
        assert not EffectIndicator.objects.exists()
        assert not Measurement.objects.exists()

    def test_a_member_who_does_not_lead_gets_404(self, client, dorte, project):
        client.force_login(dorte)
        response = client.get(reverse("onsite:indicator_create", args=[project.pk]))
        assert response.status_code == 404


class TestMeasurements:
    def test_danish_decimal_is_accepted(self, client, bob, indicator):
        client.force_login(bob)
        response = client.post(
            measurement_add_url(indicator),
            {"measured_on": "2026-04-30", "value": "12,5", "note": "Efter 3 måneder"},
        )
        assert response.status_code == 302
        assert response["Location"].endswith(f"#effekt-{indicator.pk}")
        measurement = Measurement.objects.get(measured_on=date(2026, 4, 30))
        assert measurement.value == Decimal("12.5")
        assert measurement.recorded_by == bob

    def test_a_non_number_is_refused_in_danish_and_nothing_is_saved(self, client, bob, indicator):
        client.force_login(bob)
        before = Measurement.objects.count()
        response = client.post(
            measurement_add_url(indicator),
            {"measured_on": "2026-04-30", "value": "abc", "note": "skal blive stående"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["value"] == ["Skriv et tal, fx 12,5."]
        content = response.content.decode()
        assert "Skriv et tal, fx 12,5." in content
        assert 'value="skal blive stående"' in content  # what was typed is kept
        assert Measurement.objects.count() == before
        assert not ModelLogEntry.objects.filter(action="onsite.measurement.add").exists()

    @pytest.mark.parametrize("typed", ["1.234,5", "1 234,5", "-3", "12.5"])
    def test_other_ways_to_write_a_number(self, client, bob, indicator, typed):
        client.force_login(bob)
        client.post(measurement_add_url(indicator), {"measured_on": "2026-05-01", "value": typed})
        value = Measurement.objects.get(measured_on=date(2026, 5, 1)).value
        assert value == {"1.234,5": Decimal("1234.5"), "1 234,5": Decimal("1234.5"), "-3": Decimal("-3"), "12.5": Decimal("12.5")}[typed]  # fmt: skip

    def test_too_many_decimals_is_refused(self, client, bob, indicator):
        client.force_login(bob)
        response = client.post(
            measurement_add_url(indicator), {"measured_on": "2026-05-01", "value": "1,234"}
        )
        assert response.context["form"].errors["value"] == ["Skriv højst 2 decimaler."]

    def test_one_measurement_per_date(self, client, bob, indicator):
        client.force_login(bob)
        response = client.post(
            measurement_add_url(indicator), {"measured_on": "2025-12-01", "value": "29"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["measured_on"] == [
            "Der er allerede en måling på den dato."
        ]
        assert Measurement.objects.filter(indicator=indicator).count() == 2

    def test_a_measurement_is_corrected_and_deleted(self, client, bob, indicator):
        client.force_login(bob)
        measurement = indicator.measurements.get(measured_on=date(2025, 6, 1))
        args = [indicator.project_id, indicator.pk, measurement.pk]
        edit = reverse("onsite:measurement_edit", args=args)
        assert 'value="38"' in client.get(edit).content.decode()
        client.post(edit, {"measured_on": "2025-06-02", "value": "37,25", "note": "Rettet"})
        measurement.refresh_from_db()
        assert (measurement.measured_on, measurement.value) == (date(2025, 6, 2), Decimal("37.25"))
        client.post(reverse("onsite:measurement_delete", args=args))
        assert not Measurement.objects.filter(pk=measurement.pk).exists()

    def test_a_member_who_does_not_lead_cannot_add(self, client, dorte, indicator):
        client.force_login(dorte)
        response = client.post(
            measurement_add_url(indicator), {"measured_on": "2026-04-30", "value": "12"}
        )
        assert response.status_code == 404
        assert Measurement.objects.count() == 2


def object_urls(indicator, measurement):  # type: ignore[no-untyped-def]
    p, i, m = indicator.project_id, indicator.pk, measurement.pk
    return [
        reverse("onsite:effects", args=[p]),
        reverse("onsite:indicator_create", args=[p]),
        reverse("onsite:indicator_edit", args=[p, i]),
        reverse("onsite:indicator_delete", args=[p, i]),
        reverse("onsite:measurement_add", args=[p, i]),
        reverse("onsite:measurement_edit", args=[p, i, m]),
        reverse("onsite:measurement_delete", args=[p, i, m]),
    ]


class TestIsolation:
    @pytest.mark.parametrize("who", ["charlie", "nina", "otto"])
    def test_other_organisations_get_404_everywhere(self, client, request, who, indicator):
        client.force_login(request.getfixturevalue(who))
        measurement = indicator.measurements.first()
        for url in object_urls(indicator, measurement):
            assert client.get(url).status_code == 404, url
            assert (
                client.post(url, {"value": "1", "measured_on": "2026-01-01"}).status_code == 404
            ), url
        assert Measurement.objects.count() == 2

    def test_an_indicator_of_another_project_is_404_through_this_one(
        self, client, bob, indicator, nordlys_project
    ):
        other = make_indicator(nordlys_project, "Fremmed effektmål")
        client.force_login(bob)
        url = reverse("onsite:indicator_edit", args=[indicator.project_id, other.pk])
        assert client.get(url).status_code == 404


class TestProjectSection:
    """``{% project_effects project request.user %}`` on the project page."""

    def page(self, client, user, project):  # type: ignore[no-untyped-def]
        client.force_login(user)
        response = client.get(reverse("onsite:project_detail", args=[project.pk]))
        assert response.status_code == 200
        return response.content.decode()

    def test_indicators_with_latest_value_and_a_small_chart(self, client, bob, indicator, entry):
        content = self.page(client, bob, indicator.project)
        assert 'aria-labelledby="project-effects-heading"' in content
        assert "Seneste: <strong>30,5</strong>" in content
        assert "Udgangspunkt: 42" in content and "Mål: 25" in content
        assert 'id="projekt-effekt-' in content and 'role="img"' in content
        assert f"/byggesager/{indicator.project_id}/effekt/#effekt-{indicator.pk}" in content
        assert reverse("onsite:xapi", args=[indicator.project_id]) in content
        # The download says what it is in Danish, not "xAPI (JSON)" alone (issue 18, fault 5).
        assert "Hent læringsdata (xAPI, JSON)" in content and "som xAPI (JSON)" not in content
        assert reverse("onsite:lesson_publish", args=[entry.pk]) in content
        assert "Del som erfaring" in content
        assert reverse("onsite:report", args=[indicator.project.organisation_id]) in content

    def test_a_member_gets_the_download_but_does_not_share(self, client, dorte, indicator, entry):
        content = self.page(client, dorte, indicator.project)
        assert reverse("onsite:xapi", args=[indicator.project_id]) in content
        assert "Del som erfaring" not in content
        assert reverse("onsite:report", args=[indicator.project.organisation_id]) not in content

    def test_hr_sees_effects_report_and_consent_but_no_download(self, client, alice, indicator):
        content = self.page(client, alice, indicator.project)
        assert "Antal ændringsordrer" in content
        assert reverse("onsite:xapi", args=[indicator.project_id]) not in content
        assert reverse("onsite:sharing", args=[indicator.project.organisation_id]) in content

    def test_a_shared_lesson_is_listed_instead_of_the_entry(self, client, bob, entry):
        from onsite.services.lessons import lesson_draft, lesson_publish

        lesson = lesson_publish(entry=entry, actor=bob, **lesson_draft(entry=entry))
        content = self.page(client, bob, entry.project)
        assert reverse("onsite:lesson_detail", args=[lesson.pk]) in content
        assert reverse("onsite:lesson_publish", args=[entry.pk]) not in content

    def test_without_indicators(self, client, bob, project):
        content = self.page(client, bob, project)
        assert "Byggesagen har ingen effektmål endnu." in content
        assert reverse("onsite:indicator_create", args=[project.pk]) in content


def test_the_effect_page_does_not_grow_with_indicators(
    client, bob, project, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(names):  # type: ignore[no-untyped-def]
        for name in names:
            indicator = make_indicator(project, name)
            for month in range(1, 7):
                Measurement.objects.create(
                    indicator=indicator, measured_on=date(2025, month, 1), value=Decimal(month)
                )

    add(["Et", "To"])
    client.force_login(bob)
    client.get(effects_url(project))
    with CaptureQueriesContext(connection) as small:
        client.get(effects_url(project))
    add(["Tre", "Fire", "Fem", "Seks", "Syv", "Otte"])
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(effects_url(project))
    assert len(response.context["indicators"]) == 8
