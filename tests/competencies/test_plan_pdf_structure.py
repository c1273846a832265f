"""The competence plan PDF as a screen reader and an archive read it (parsed with pypdf)."""

import pytest
from django.urls import reverse

from tests.competencies.plans_fixtures import catalogue, make_plan  # noqa: F401
from tests.pdf_structure import assert_accessible_pdf

pytestmark = pytest.mark.django_db


def test_the_plan_pdf_is_tagged_in_danish_with_a_title(client, fjordbo, bob):
    plan = make_plan(bob, bob, fjordbo, title="Bobs plan 2027")
    client.force_login(bob)
    response = client.get(reverse("competencies:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    tags = assert_accessible_pdf(response.content, title="Kompetenceplan: Bobs plan 2027")
    assert "/H1" in tags
