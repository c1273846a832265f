"""The registrations in the Wagtail admin: only for editors of the event's page, exportable."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from events.services import registrations as services
from tests.factories import person
from tests.factories.events import event as make_event

pytestmark = pytest.mark.django_db

URL = "/admin/tilmeldinger/"


@pytest.fixture
def editor(event):
    group = Group.objects.create(name="Arrangementsredaktører")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=event, permission=Permission.objects.get(codename="change_page")
    )
    user = person("redaktoer@example.org", None, first_name="Rita", totp=True)
    user.groups.add(group)
    return user


def test_editors_see_and_export_their_events_registrations(client, editor, event, bob, index):
    services.register_member(event=event, user=bob)
    elsewhere = make_event(index)  # a page the editor may not edit
    services.register_guest(event=elsewhere, name="Gitte", email="gitte@example.org")
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "bob@fjordbo.example" in html and "gitte@example.org" not in html
    export = client.get(URL + "?export=csv")
    assert export.status_code == 200
    assert "bob@fjordbo.example" in b"".join(export.streaming_content).decode()
    assert client.get(URL + "new/").status_code in (302, 403)


def test_others_do_not_get_in(client, event, bob, nordlys):
    services.register_member(event=event, user=bob)
    outsider = person("ole@nordlys.example", nordlys, totp=True)
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code in (302, 403)


def test_the_event_page_editor_has_danish_tabs(client, editor, event):
    client.force_login(editor)
    response = client.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for tab in ("Indhold", "Praktisk", "Materialer"):
        assert tab in html
    assert "Tilmeldingsfrist" in html or "tilmeldingsfrist" in html
