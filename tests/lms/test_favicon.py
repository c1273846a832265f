"""/favicon.ico answers (issue 18): browsers and feed readers ask for it whatever a page links."""

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code in (301, 302)
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content)


def test_favicon_ico_needs_no_login_or_second_factor(client, django_user_model):
    from organisations import services

    organisation = services.organisation_create(name="Fjordbo", kind="housing")
    hr = services.user_create(email="hr@fjordbo.example", password="Korrekt-Hest-Batteri-9")
    services.membership_create(user=hr, organisation=organisation, roles=["staff", "hr"])
    client.force_login(hr)  # an HR person without TOTP: the gate lets the icon through
    response = client.get("/favicon.ico")
    assert response["Location"].endswith("favicon.svg")
