"""The demo learner's certificate is an Open Badge too (courses/demo.py, ``seed_badges``)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from courses import demo
from courses.badges import verify
from courses.models import BadgeCredential
from tests.courses import badges_helpers as ob

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:EdDSA is deprecated:joserfc.errors.SecurityWarning"),
]


def test_peters_certificate_has_a_verifiable_credential(client):
    call_command("seed_demo", stdout=io.StringIO())
    badge = BadgeCredential.objects.select_related("certificate__enrolment__user").get()
    assert badge.certificate.enrolment.user.email == "peter@fjordbo.example"
    assert verify.check_token(badge.jws).state == "valid"
    credential = ob.credential_of(ob.verify(client, badge.jws))
    assert ob.schema_errors(credential, ob.CREDENTIAL_SCHEMA) == []
    assert credential["issuer"]["name"] == badge.certificate.provider_name
    assert ob.status_bit(client, credential) == 0

    demo.seed_badges()  # seeding again issues nothing new
    assert BadgeCredential.objects.count() == 1
