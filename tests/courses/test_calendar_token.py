"""The calendar feed link can be replaced ("Nyt link") and switched off (issue 11, fault 8)."""

from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse

from courses import calendar, services
from courses.models import CalendarFeed


def feed_path(user) -> str:
    return calendar.calendar_feed_url(user).removeprefix("http://testserver")


@pytest.mark.django_db
class TestCalendarFeedLink:
    def test_a_link_made_before_rotation_existed_still_works(self, client, karen):
        old = signing.Signer(salt=calendar.FEED_SALT).sign(str(karen.pk))
        assert feed_path(karen) == f"/kalender/feed/{old}.ics"
        assert client.get(f"/kalender/feed/{old}.ics").status_code == 200
        assert not CalendarFeed.objects.exists()  # nothing written until someone acts

    def test_a_new_link_replaces_the_old_one(self, client, karen):
        old_path = feed_path(karen)
        client.force_login(karen)
        response = client.post(reverse("calendar_feed_rotate"))
        assert response.status_code == 302
        new_path = feed_path(karen)
        assert new_path != old_path
        client.logout()
        assert client.get(old_path).status_code == 404
        assert client.get(new_path).status_code == 200

    def test_switching_off_stops_every_link(self, client, karen):
        old_path = feed_path(karen)
        client.force_login(karen)
        client.post(reverse("calendar_feed_disable"))
        assert calendar.calendar_feed_url(karen) is None
        page = client.get(reverse("min_side")).content.decode()
        assert "Dit kalenderlink er slået fra" in page
        assert "Slå kalenderlinket til" in page
        client.logout()
        assert client.get(old_path).status_code == 404

    def test_switching_on_again_gives_a_fresh_link_not_the_shared_one(self, client, karen):
        old_path = feed_path(karen)
        services.calendar_feed_disable(user=karen)
        services.calendar_feed_rotate(user=karen)
        assert client.get(old_path).status_code == 404
        assert client.get(feed_path(karen)).status_code == 200

    def test_min_side_offers_both_buttons(self, client, karen):
        client.force_login(karen)
        page = client.get(reverse("min_side")).content.decode()
        assert "Nyt link" in page
        assert "Slå kalenderlinket fra" in page
        assert reverse("calendar_feed_rotate") in page

    def test_a_person_changes_only_their_own_link(self, client, karen, lars):
        lars_path = feed_path(lars)
        client.force_login(karen)
        client.post(reverse("calendar_feed_rotate"))
        client.post(reverse("calendar_feed_disable"))
        client.logout()
        assert client.get(lars_path).status_code == 200

    @pytest.mark.parametrize("name", ["calendar_feed_rotate", "calendar_feed_disable"])
    def test_only_a_logged_in_post_changes_the_link(self, client, karen, name):
        assert client.post(reverse(name)).status_code == 302  # to the login page
        client.force_login(karen)
        assert client.get(reverse(name)).status_code == 405
        assert not CalendarFeed.objects.exists()

    @pytest.mark.parametrize("value", ["{pk}:abc", "{pk}:", "{pk}:1", "abc:1", "{pk}:-1"])
    def test_a_signed_but_malformed_or_old_version_is_a_404(self, client, karen, value):
        token = signing.Signer(salt=calendar.FEED_SALT).sign(value.format(pk=karen.pk))
        assert client.get(f"/kalender/feed/{token}.ics").status_code == 404
