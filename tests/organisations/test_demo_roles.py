"""The demo's network editor works through her role and group, not as a Django superuser.

A superuser passes every permission check, so the demo used to hide whatever the network
editors' group lacked. Superuser is for operations; no demo person has it.
"""

import pytest
from django.urls import reverse
from wagtail.models import Site

from cms.models import MainMenu
from cms.services import site_setup_demo
from organisations import demo
from organisations.models import User
from organisations.services import NETWORK_EDITORS_GROUP

pytestmark = pytest.mark.django_db

MARIA = "maria@almennet.example"


@pytest.fixture
def maria(client):
    site_setup_demo()
    demo.seed()
    user = User.objects.get(email=MARIA)
    client.force_login(user)
    return user


def test_no_demo_person_is_a_superuser(maria):
    assert not User.objects.filter(is_superuser=True).exists()
    assert maria.groups.filter(name=NETWORK_EDITORS_GROUP).exists()


def test_seeding_again_takes_superuser_from_an_old_demo_maria(maria):
    User.objects.filter(pk=maria.pk).update(is_superuser=True, is_staff=True)
    demo.seed()
    maria.refresh_from_db()
    assert not maria.is_superuser and not maria.is_staff


@pytest.mark.parametrize(
    "url",
    [
        lambda: "/admin/",
        lambda: reverse("wagtailadmin_explore", args=[Site.objects.get().root_page_id]),
        lambda: reverse(
            "wagtailsettings:edit", args=["cms", "sitesettings", Site.objects.get().pk]
        ),
        lambda: reverse("wagtailsettings:edit", args=["cms", "mainmenu", Site.objects.get().pk]),
        lambda: reverse("wagtailredirects:index"),
        lambda: reverse("wagtailimages:index"),
        lambda: reverse("wagtaildocs:index"),
    ],
    ids=["admin", "pages", "site_settings", "main_menu", "redirects", "images", "documents"],
)
def test_the_demo_network_editor_reaches_her_admin_pages(client, maria, url):
    response = client.get(url())
    assert response.status_code == 200


def test_the_demo_network_editor_replaces_the_main_menu(client, maria):
    # The same post as tests/cms/test_admin.py, by the demo's network editor without superuser.
    from tests.cms.test_admin import formset_data

    site = Site.objects.get(is_default_site=True)
    data = formset_data(
        "items",
        existing=MainMenu.for_site(site).items.all(),
        new=[{"label": "Arrangementer", "link_url": "/arrangementer/", "link_page": ""}],
    )
    url = reverse("wagtailsettings:edit", args=["cms", "mainmenu", site.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    assert [item.label for item in MainMenu.for_site(site).items.all()] == ["Arrangementer"]


def test_user_administration_stays_with_operators(client, maria):
    # Managing accounts (and their superuser flags) is not the secretariat's job.
    assert client.get(reverse("wagtailusers_users:index")).status_code == 302
