"""The site layout (templates/base.html) as every page shows it."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_home_page_is_danish_with_a_skip_link_and_landmarks(client, home):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert '<a class="skip-link visually-hidden-focusable" href="#main">Gå til indhold</a>' in html
    assert '<main id="main"' in html
    assert 'aria-label="Hovedmenu"' in html
    assert "<footer" in html
    assert f'action="{reverse("cms:search")}"' in html
    assert "Log ind" in html
    assert 'data-testid="current-user"' not in html


def test_the_main_menu_and_footer_come_from_the_site_settings(client, home):
    html = client.get("/").content.decode()

    for label in ["Forside", "Kurser", "Vejledninger", "Nyheder", "Om AlmenLæring"]:
        assert f">{label}</a>" in html
    assert 'href="/kurser/"' in html
    assert 'aria-current="page">Forside</a>' in html
    assert "Tilgængelighedserklæring</a>" in html
    assert "kontakt@almenlaering.dk" in html


def test_a_logged_in_person_sees_their_name_and_a_log_out_form(client, home, alice):
    client.force_login(alice)

    response = client.get("/")

    html = response.content.decode()
    assert 'data-testid="current-user"' in html
    assert "Alice Andersen" in html
    assert f'action="{reverse("account_logout")}" method="post"' in html
    assert ">Log ud</button>" in html
    assert ">Log ind</a>" not in html


def test_the_language_switch_turns_the_interface_english(client, home):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)

    assert '<html lang="en">' in response.content.decode()


def test_messages_are_shown_as_alerts(client, home, alice):
    client.force_login(alice)

    response = client.post(reverse("account_logout"), follow=True)

    assert 'role="status"' in response.content.decode()


def test_an_unknown_address_shows_the_danish_404_page(client, home):
    response = client.get("/findes-ikke/")

    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_the_500_page_renders_without_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "Der opstod en fejl" in html
