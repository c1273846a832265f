"""A logged-in person who may not enter is told so in Danish, never sent round in a loop (issue 18).

/admin/ used to send every logged-in person without admin rights to /konto/login/?next=/admin/,
and allauth sent them straight back: ERR_TOO_MANY_REDIRECTS. Wagtail's restricted pages and
documents and Django's permission decorators do the same, so the login page is where the chain
is cut: a logged-in person sent there with a ``next`` gets the refusal page (403).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.shortcuts import resolve_url
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from organisations import services
from tests.factories.organisations import totp_activate
from tests.organisations.conftest import make_person

pytestmark = pytest.mark.django_db

ADMIN_PATHS = ["/admin/", "/admin/pages/", "/admin/images/", "/admin/some-other/"]
MAX_CHAIN = 2


def _person(kind: str):
    """A logged-in person of each kind that has no business in the Wagtail admin."""
    organisation_kind = {"provider_editor": "provider"}.get(kind, "housing")
    organisation = services.organisation_create(name=f"Sted {kind}", kind=organisation_kind)
    roles = {
        "staff": ["staff"],
        "manager_hr": ["staff", "manager", "hr"],
        "project_leader": ["staff", "project_leader"],
        # A provider that has not been onboarded has no editor group, so no admin rights yet.
        "provider_editor": ["staff", "provider_editor"],
    }[kind]
    person = make_person(f"{kind}@sted.example", organisation, roles, kind.title())
    totp_activate(person)  # the two-factor gate is not what is tested
    return person


def _follow(client: Client, path: str, limit: int = 10):
    """Follow redirects by hand: the test client stops at the first repeated URL, and a browser
    does not (it gives up only after about 20 hops, with ERR_TOO_MANY_REDIRECTS)."""
    chain: list[str] = []
    response = client.get(path)
    while response.status_code in (301, 302, 303) and len(chain) < limit:
        chain.append(response["Location"])
        response = client.get(response["Location"])
    return response, chain


@pytest.mark.parametrize("kind", ["staff", "manager_hr", "project_leader", "provider_editor"])
@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_a_logged_in_person_without_admin_rights_gets_a_danish_refusal(client, kind, path):
    client.force_login(_person(kind))
    response, chain = _follow(client, path)
    assert response.status_code == 403, chain
    assert len(chain) <= MAX_CHAIN, chain
    page = response.content.decode()
    assert "Du har ikke adgang til redaktionen" in page
    assert 'href="/min-side/"' in page or "Min side" in page
    assert "Kursusredaktør" in page  # who to ask, for what
    # Wagtail's own message would repeat the page, in English or Danish: it is dropped.
    assert "You do not have permission" not in page
    assert "Du har ikke adgang til redaktionen." not in page
    # Still logged in: the refusal does not throw anyone out.
    assert SESSION_KEY in client.session


def test_a_network_editor_still_enters_the_admin(client):
    network = services.organisation_create(name="Sekretariatet", kind="network")
    maria = make_person("maria@net.example", network, ["staff", "network_editor"], "Maria")
    totp_activate(maria)
    client.force_login(maria)
    response, chain = _follow(client, "/admin/")
    assert response.status_code == 200 and chain == []


def test_an_editor_who_opens_the_admin_login_lands_in_the_admin(client):
    network = services.organisation_create(name="Sekretariatet", kind="network")
    maria = make_person("maria@net.example", network, ["staff", "network_editor"], "Maria")
    totp_activate(maria)
    client.force_login(maria)
    response, chain = _follow(client, "/admin/login/")
    assert response.status_code == 200 and chain[-1] == "/admin/"


def test_a_stale_login_tab_sends_a_logged_in_person_on_to_an_open_page(client):
    # Logged in in another tab, the old login tab reloads with its next: it opens, no refusal.
    client.force_login(_person("staff"))
    response = client.get("/konto/login/", {"next": "/kurser/"})
    assert response.status_code == 302 and response["Location"] == "/kurser/"


def test_the_front_end_login_without_next_refuses_nobody(client):
    client.force_login(_person("staff"))
    response, chain = _follow(client, "/_util/login/")
    assert response.status_code == 200, chain


def test_anonymous_people_are_still_sent_to_the_login(client):
    response, chain = _follow(client, "/admin/pages/")
    assert response.status_code == 200
    assert chain[-1].startswith("/konto/login/?next=")


def test_the_login_page_with_no_next_still_sends_a_logged_in_person_home(client):
    client.force_login(_person("staff"))
    response = client.get("/konto/login/")
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


def test_the_login_page_ignores_a_next_that_leaves_the_site(client):
    client.force_login(_person("staff"))
    response = client.get("/konto/login/", {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


def test_the_refusal_offers_to_log_in_as_someone_else(client):
    client.force_login(_person("staff"))
    response = client.get("/konto/login/", {"next": "/admin/"})
    assert response.status_code == 403
    logout = client.post("/konto/logout/", {"next": response.context["login_again"]})
    assert SESSION_KEY not in client.session
    login = client.get(logout["Location"])
    assert login.status_code == 200  # the login form, which leads to /admin/ afterwards


@pytest.fixture
def members_only_page(db):
    """A page that Wagtail restricts to one group, as an editor would set it up."""
    group = Group.objects.create(name="Bestyrelsen")
    home = Page.objects.filter(depth=2).first() or Page.objects.get(depth=1)
    page = home.add_child(instance=Page(title="Kun for bestyrelsen", slug="kun-bestyrelsen"))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return page


def test_a_page_restricted_to_a_group_refuses_others_without_a_loop(client, members_only_page):
    # Wagtail's own view restriction sends a logged-in non-member to the login: the same loop.
    # The login cannot know why a page refused, so it sends the person back once.
    client.force_login(_person("staff"))
    response, chain = _follow(client, members_only_page.url)
    assert response.status_code == 403, chain
    assert len(chain) <= MAX_CHAIN + 1, chain
    assert "Du har ikke adgang til siden" in response.content.decode()


def test_permission_denied_anywhere_is_the_danish_page(client, rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/noget/")
    request.user = _person("staff")
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Du har ikke adgang til siden" in response.content.decode()
