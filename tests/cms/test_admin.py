"""Editors change the main menu and the site settings in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from cms.models import MainMenu, SiteSettings
from organisations.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, home, settings_override):
    editor = User.objects.create_superuser(email="maria@almennet.example", password="x")
    client.force_login(editor)
    return client


@pytest.fixture
def settings_override(settings):
    # The admin's two-factor gate is tested with the accounts; here it is the settings forms.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequireTwoFactor" not in m]


def edit_url(model, site):
    return reverse(
        "wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name, site.pk]
    )


def formset_data(prefix, *, existing=(), new=()):
    """An inline formset as the admin posts it: existing rows deleted, new rows added."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(existing) + len(new)),
        f"{prefix}-INITIAL_FORMS": str(len(existing)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    rows = [
        {"id": str(item.pk), "label": item.label, "link_url": item.link_url,
         "link_page": str(item.link_page_id or ""), "DELETE": "1"}
        for item in existing
    ] + [{"id": "", "DELETE": "", **row} for row in new]  # fmt: skip
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
        data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    return data


def test_both_settings_open_in_the_admin(editor_client):
    site = Site.objects.get(is_default_site=True)

    for model in (SiteSettings, MainMenu):
        response = editor_client.get(edit_url(model, site))
        assert response.status_code == 200


def test_an_editor_replaces_the_main_menu(editor_client):
    site = Site.objects.get(is_default_site=True)
    data = formset_data(
        "items",
        existing=MainMenu.for_site(site).items.all(),
        new=[{"label": "Arrangementer", "link_url": "/arrangementer/", "link_page": ""}],
    )

    response = editor_client.post(edit_url(MainMenu, site), data)

    assert response.status_code == 302
    assert [item.label for item in MainMenu.for_site(site).items.all()] == ["Arrangementer"]
    assert ">Arrangementer</a>" in editor_client.get("/").content.decode()


def test_a_menu_item_needs_a_page_or_an_address(editor_client):
    site = Site.objects.get(is_default_site=True)
    data = formset_data("items", new=[{"label": "Tom", "link_url": "", "link_page": ""}])

    response = editor_client.post(edit_url(MainMenu, site), data)

    assert response.status_code == 200
    assert "Vælg en side eller skriv en adresse" in response.content.decode()


def test_a_menu_address_must_be_a_path_or_a_full_address(editor_client):
    site = Site.objects.get(is_default_site=True)
    data = formset_data("items", new=[{"label": "Forkert", "link_url": "kurser", "link_page": ""}])

    response = editor_client.post(edit_url(MainMenu, site), data)

    assert response.status_code == 200
    assert "starter med /" in response.content.decode()
