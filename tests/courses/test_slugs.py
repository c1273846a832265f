"""Slugs write æ, ø and å as ae, oe and aa, everywhere the platform makes one (issue 18, fault 7)."""

import importlib

import pytest
from django.apps import apps
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from cms.models import StandardPage
from core.slug_input import DanishSlugInput
from core.slugs import danish_slugify
from courses.models import CoursePage, ProviderSectionPage

danish_page_slugs = importlib.import_module("courses.migrations.0004_danish_page_slugs")

TITLE = "Læringsforløb i helhedsplanlægning"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("æble øl ål", "aeble-oel-aal"),
        ("ÆBLE ØST ÅRHUS", "aeble-oest-aarhus"),
        ("ByggeLæring ApS", "byggelaering-aps"),
        ("Læringsforløb i helhedsplanlægning", "laeringsforloeb-i-helhedsplanlaegning"),
        ("Café für Straße – 2. udgave!", "cafe-fur-strasse-2-udgave"),
        ("Kun ASCII", "kun-ascii"),
    ],
)
def test_danish_slugify_writes_the_letters_out(text, slug):
    assert danish_slugify(text) == slug


def test_a_page_made_from_a_title_gets_a_danish_slug(home):
    page = StandardPage(title=TITLE)
    home.add_child(instance=page)
    page.refresh_from_db()
    assert page.slug == "laeringsforloeb-i-helhedsplanlaegning"
    assert page.url_path.endswith("/laeringsforloeb-i-helhedsplanlaegning/")


def test_a_second_page_with_the_same_title_gets_a_free_slug(home):
    home.add_child(instance=StandardPage(title=TITLE))
    second = StandardPage(title=TITLE)
    home.add_child(instance=second)
    assert second.slug == "laeringsforloeb-i-helhedsplanlaegning-2"


def test_a_typed_slug_with_danish_letters_is_written_out(home):
    page = StandardPage(title="Om os", slug="læringsforløb")
    home.add_child(instance=page)
    assert page.slug == "laeringsforloeb"


def test_a_provider_section_gets_a_danish_slug(byggelaering):
    section = ProviderSectionPage.objects.get(provider=byggelaering)
    assert section.slug == "byggelaering"


def test_the_admin_slug_field_writes_the_letters_out_before_transliterating(settings):
    """The admin's JavaScript applies these formatters before its own Latin map (ø → o)."""
    form_class = CoursePage.get_edit_handler().get_form_class()
    widget = form_class.base_fields["slug"].widget
    assert isinstance(widget, DanishSlugInput)
    attrs = widget.build_attrs(widget.attrs)
    assert '"oe"' in attrs["data-w-slug-formatters-value"]
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False


def _old_style_page(parent, title, slug):
    page = StandardPage(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_migration_renames_old_slugs_and_redirects_the_old_addresses(home, client):
    # As Django's slugify made them before: the Danish letters simply dropped.
    parent = _old_style_page(home, "Byggelæring", "byggelring")
    child = _old_style_page(parent, TITLE, "lringsforlb-i-helhedsplanlgning")
    chosen = _old_style_page(home, "Særlige vilkår", "vilkaar")  # chosen by hand: kept

    danish_page_slugs.forwards(apps, None)

    parent.refresh_from_db()
    child.refresh_from_db()
    chosen.refresh_from_db()
    assert parent.slug == "byggelaering"
    assert child.slug == "laeringsforloeb-i-helhedsplanlaegning"
    assert child.url_path == f"{home.url_path}byggelaering/laeringsforloeb-i-helhedsplanlaegning/"
    assert chosen.slug == "vilkaar"

    response = client.get("/byggelring/lringsforlb-i-helhedsplanlgning/")
    assert response.status_code == 301
    assert response["Location"].endswith("/byggelaering/laeringsforloeb-i-helhedsplanlaegning/")
    assert client.get("/byggelring/").status_code == 301
    assert client.get(response["Location"]).status_code == 200
    # The editor's latest draft carries the new slug, so publishing it does not undo the fix.
    assert child.get_latest_revision().content["slug"] == child.slug


def test_the_migration_is_safe_to_run_twice(home):
    _old_style_page(home, TITLE, "lringsforlb-i-helhedsplanlgning")
    danish_page_slugs.forwards(apps, None)
    danish_page_slugs.forwards(apps, None)
    assert Redirect.objects.count() == 1
    assert Page.objects.filter(slug="laeringsforloeb-i-helhedsplanlaegning").count() == 1
