"""The gap analysis of an organisation with many departments shows the departments with the
lowest coverage, not a table of hundreds, and says how many more there are."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from competencies import gaps
from competencies.views.hr import DEPARTMENTS_SHOWN
from organisations.models import Membership
from tests.competencies.hr_fixtures import populate
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _table(soup: BeautifulSoup, caption_start: str):
    for table in soup.select("table"):
        if table.caption and table.caption.get_text(strip=True).startswith(caption_start):
            return table
    raise AssertionError(f"no table {caption_start!r}")


def test_many_departments_show_the_lowest_coverage_first(client, alice, fjordbo):
    for number in range(DEPARTMENTS_SHOWN + 4):  # with Fjordbo's own two: six too many
        DepartmentFactory.create(organisation=fjordbo, number=f"5{number:02d}", homes=0)
    populate(fjordbo, people=60, competences=12, requirements=4)
    client.force_login(alice)
    response = client.get(reverse("competencies:gaps", kwargs={"org_pk": fjordbo.pk}))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    table = _table(soup, "Pr. afdeling")
    assert table.caption.get_text(strip=True) == (
        f"Pr. afdeling: de {DEPARTMENTS_SHOWN} med lavest dækning"
    )
    shown = [row.th.get_text(strip=True) for row in table.select("tbody tr")]
    assert len(shown) == DEPARTMENTS_SHOWN
    everything = gaps.Analysis(
        gaps.Scope(fjordbo.pk, Membership.objects.active().filter(organisation=fjordbo))
    ).by_department()
    hidden = len(everything) - DEPARTMENTS_SHOWN
    assert (
        soup.find(attrs={"data-testid": "departments-hidden"})
        .get_text(strip=True)
        .startswith(f"{hidden} afdelinger mere.")
    )
    worst = sorted(c.percent for _d, c in everything)[DEPARTMENTS_SHOWN - 1]
    shown_names = {str(d) for d, _c in everything if str(d) in shown}
    assert all(
        c.percent <= worst for d, c in everything if str(d) in shown_names
    )  # nothing better than the 20th lowest is shown
