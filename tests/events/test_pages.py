"""The event pages: where they may hang, what the editors are held to, the index's lists and
filters (same queries for 10 and 1,000 events), materials only afterwards, phone widths."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.models import HomePage
from events.models import EventIndexPage, EventKind, EventPage, Region, RegistrationStatus
from tests.factories.events import EventRegistrationFactory
from tests.factories.events import event as make_event

pytestmark = pytest.mark.django_db


class TestRules:
    def test_where_the_pages_may_hang(self, home):
        assert EventIndexPage.can_create_at(home)
        assert "events.EventIndexPage" in HomePage.subpage_types
        assert EventPage.parent_page_types == ["events.EventIndexPage"]
        assert not EventPage.can_create_at(HomePage())
        assert EventIndexPage.max_count_per_parent == 1

    def test_one_index_per_home(self, home, index):
        assert not EventIndexPage.can_create_at(home)

    def test_ends_before_start_and_deadline_after_start_are_refused(self, event):
        event.ends_at = event.starts_at - timedelta(hours=1)
        event.registration_deadline = event.starts_at + timedelta(hours=1)
        with pytest.raises(ValidationError) as caught:
            event.full_clean()
        assert caught.value.message_dict["ends_at"] == [
            "Arrangementet skal slutte, efter det er begyndt."
        ]
        assert caught.value.message_dict["registration_deadline"] == [
            "Tilmeldingsfristen kan ikke ligge efter arrangementets start."
        ]

    def test_a_place_or_online(self, event):
        event.place = ""
        with pytest.raises(ValidationError) as caught:
            event.full_clean()
        assert "place" in caught.value.message_dict
        event.online = True
        event.full_clean()

    def test_a_published_change_of_time_raises_sequence(self, event):
        assert event.sequence == 0
        draft = event.get_latest_revision_as_object()
        draft.starts_at += timedelta(hours=1)
        draft.ends_at += timedelta(hours=1)
        revision = draft.save_revision()
        event.refresh_from_db()
        assert event.sequence == 0  # a draft is not what calendars see
        revision.publish()
        event.refresh_from_db()
        assert event.sequence == 1
        # A text change keeps it; an old revision never lowers it.
        latest = event.get_latest_revision_as_object()
        latest.body = "<p>Ny tekst</p>"
        latest.save_revision().publish()
        event.refresh_from_db()
        assert event.sequence == 1


def _bulk(index, count, *, past=False, start=0):
    """Many published events, without revisions (the list reads only the live rows)."""
    now = timezone.now()
    for n in range(start, start + count):
        starts = now + timedelta(days=(-30 - n if past else 5 + n % 300), minutes=n)
        index.add_child(
            instance=EventPage(
                title=f"Arrangement {n}",
                slug=f"{'tidl' if past else 'kom'}-{n}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                place="Fjordbo",
                capacity=3,
                live=True,
            )
        )


class TestIndex:
    def test_coming_and_past_lists_with_seats(self, client, index):
        now = timezone.now()
        full = make_event(index, title="Fuld workshop", kind=EventKind.WORKSHOP, capacity=2)
        for _ in range(2):
            EventRegistrationFactory.create(event=full, status=RegistrationStatus.CONFIRMED)
        EventRegistrationFactory.create(event=full, status=RegistrationStatus.WAITLISTED)
        open_ = make_event(index, title="Åben temadag", capacity=10)
        EventRegistrationFactory.create(event=open_, status=RegistrationStatus.CONFIRMED)
        EventRegistrationFactory.create(event=open_, status=RegistrationStatus.CANCELLED)
        make_event(
            index,
            title="Gammelt netværksmøde",
            starts_at=now - timedelta(days=40),
            ends_at=now - timedelta(days=40) + timedelta(hours=2),
        )
        make_event(
            index,
            title="Nyere netværksmøde",
            starts_at=now - timedelta(days=10),
            ends_at=now - timedelta(days=10) + timedelta(hours=2),
        )
        html = client.get(index.url).content.decode()
        coming, past = html.split("Tidligere arrangementer")
        assert "Fuldt – venteliste" in coming and "9 ledige pladser" in coming
        assert coming.index("Fuld workshop") < coming.index("Åben temadag")
        assert "Gammelt netværksmøde" not in coming and "Nyere netværksmøde" not in coming
        assert past.index("Nyere netværksmøde") < past.index("Gammelt netværksmøde")

    def test_filters_by_type_region_and_month(self, client, index):
        now = timezone.now()
        make_event(
            index, title="Workshop i Nord", kind=EventKind.WORKSHOP, region=Region.NORDJYLLAND
        )
        make_event(index, title="Seminar i Syd", kind=EventKind.SEMINAR, region=Region.SYDDANMARK)
        later = now + timedelta(days=70)
        make_event(
            index, title="Senere temadag", starts_at=later, ends_at=later + timedelta(hours=2)
        )

        def titles(query: str) -> str:
            return client.get(f"{index.url}?{query}").content.decode().split("Tidligere")[0]

        only = titles("type=workshop")
        assert "Workshop i Nord" in only and "Seminar i Syd" not in only
        only = titles("region=syddanmark")
        assert "Seminar i Syd" in only and "Workshop i Nord" not in only
        month = timezone.localtime(later).strftime("%Y-%m")
        only = titles(f"maaned={month}")
        assert "Senere temadag" in only and "Seminar i Syd" not in only
        # Unknown values are ignored, not a 500.
        assert client.get(f"{index.url}?type=x&region=y&maaned=2020-13&page=abc").status_code == 200
        html = client.get(index.url).content.decode()
        assert '<label class="form-label" for="id_type">Type</label>' in html

    def test_the_same_queries_for_10_and_1000_events(self, client, index):
        _bulk(index, 10)
        _bulk(index, 5, past=True)
        client.get(index.url)  # warm caches (site root, content types)
        with CaptureQueriesContext(connection) as small:
            assert client.get(index.url).status_code == 200
        _bulk(index, 990, start=10)
        _bulk(index, 20, past=True, start=5)
        with CaptureQueriesContext(connection) as large:
            response = client.get(index.url)
        assert response.status_code == 200
        assert len(large.captured_queries) == len(small.captured_queries)
        assert response.content.decode().count('class="list-group-item') == 40  # 20 + 20


class TestEventPage:
    def test_materials_only_after_the_event(self, client, index):
        document = get_document_model()(title="Opsamling")
        document.file.save("opsamling.txt", ContentFile(b"Opsamling"))
        document.save()
        coming = make_event(index, title="Kommende")
        coming.materials = [("document", {"document": document, "title": ""})]
        coming.save_revision().publish()
        html = client.get(coming.url).content.decode()
        assert "Materialer" not in html and "Opsamling" not in html
        now = timezone.now()
        past = make_event(
            index,
            title="Afholdt",
            starts_at=now - timedelta(days=3),
            ends_at=now - timedelta(days=3) + timedelta(hours=2),
        )
        past.materials = [
            ("document", {"document": document, "title": ""}),
            ("link", {"title": "Optagelse", "url": "https://example.org/optagelse"}),
        ]
        past.save_revision().publish()
        html = client.get(past.url).content.decode()
        assert "Materialer" in html and "Opsamling" in html and "Optagelse" in html
        assert "Tilmelding" not in html.split("Materialer")[1]

    def test_online_link_only_for_the_confirmed(self, client, index, bob):
        from events.services.registrations import register_member

        online = make_event(
            index, online=True, online_url="https://moede.example.org/rum", place=""
        )
        assert "moede.example.org" not in client.get(online.url).content.decode()
        register_member(event=online, user=bob)
        client.force_login(bob)
        assert "moede.example.org" in client.get(online.url).content.decode()

    def test_guest_form_has_labels(self, client, event):
        html = client.get(event.url).content.decode()
        for field in ("name", "email", "organisation_name"):
            assert f'for="id_{field}"' in html


def test_templates_fit_a_phone():
    """No fixed widths: Bootstrap's grid and flex-wrap carry the 375 px layout."""
    folder = Path(__file__).resolve().parents[2] / "events" / "templates"
    for template in folder.rglob("*.html"):
        text = template.read_text()
        assert "width:" not in text and "<table" not in text, template
