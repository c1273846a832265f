"""The archive (public, sent issues only, flat query count) and the admin pages in Danish."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Delivery, Issue, IssueStatus, Subscriber
from organisations.models import User
from tests.factories.newsletter import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("newsletter:archive")


def _sent_issues(n: int) -> None:
    now = timezone.now()
    Issue.objects.bulk_create(
        Issue(subject=f"Udgave {i}", intro="<p>Nyt.</p>", status=IssueStatus.SENT, sent_at=now)
        for i in range(n)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_archive_runs_the_same_queries_for_10_and_1000_issues(client) -> None:
    _sent_issues(10)
    client.get(ARCHIVE)  # warm-up: the site and settings caches
    few = _queries(client, ARCHIVE)
    _sent_issues(990)
    many = _queries(client, ARCHIVE)
    assert few == many
    assert "Side 1 af 50" in client.get(ARCHIVE).content.decode()


def test_the_archive_shows_sent_issues_only(client) -> None:
    sent = IssueFactory.create(
        subject="Sendt udgave", status=IssueStatus.SENT, sent_at=timezone.now()
    )
    draft = IssueFactory.create(subject="Hemmelig kladde")
    sending = IssueFactory.create(subject="Under udsendelse", status=IssueStatus.SENDING)
    html = client.get(ARCHIVE).content.decode()
    assert "Sendt udgave" in html and "Hemmelig kladde" not in html
    page = client.get(reverse("newsletter:archive_issue", kwargs={"pk": sent.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nyt fra AlmenLæring" in text
    assert "/nyhedsbrev/afmeld/" not in text  # no personal links on the web page
    for hidden in (draft, sending):
        url = reverse("newsletter:archive_issue", kwargs={"pk": hidden.pk})
        assert client.get(url).status_code == 404
    assert client.get(reverse("newsletter:archive_issue", kwargs={"pk": 999999})).status_code == 404


def test_the_admin_pages_are_danish(client, maria: User) -> None:
    client.force_login(maria)
    SubscriberFactory.create_batch(3)
    issue = IssueFactory.create(subject="Nyt om samdrift")
    listing = client.get(reverse("wagtailsnippets_newsletter_issue:list"))
    assert listing.status_code == 200
    assert "Nyt om samdrift" in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_newsletter_issue:edit", args=[issue.pk]))
    assert edit.status_code == 200
    for label in ("Indledning", "Nyhed", "Arrangement", "Delt erfaring", "Emner"):
        assert label.lower() in edit.content.decode().lower(), label
    overview = client.get(reverse("newsletter_admin:issue", kwargs={"pk": issue.pk}))
    html = overview.content.decode()
    assert overview.status_code == 200
    for label in ("Send test", "Send til alle", "Forhåndsvis e-mailen", "Forsendelser"):
        assert label in html, label
    preview = client.get(reverse("newsletter_admin:preview", kwargs={"pk": issue.pk}))
    assert "Nyt om samdrift" in preview.content.decode()
    confirm = client.get(reverse("newsletter_admin:send", kwargs={"pk": issue.pk}))
    assert "sendes nu til 3 tilmeldte abonnenter" in confirm.content.decode()
    assert not Delivery.objects.exists()  # the confirmation step sends nothing


def test_send_to_all_from_the_admin(
    client, maria: User, django_capture_on_commit_callbacks
) -> None:
    client.force_login(maria)
    SubscriberFactory.create_batch(2)
    issue = IssueFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("newsletter_admin:send", kwargs={"pk": issue.pk}))
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.recipient_count == 2
    overview = client.get(reverse("newsletter_admin:issue", kwargs={"pk": issue.pk}))
    assert "Sendt: 2" in overview.content.decode()
    filtered = client.get(
        reverse("newsletter_admin:issue", kwargs={"pk": issue.pk}), {"state": "failed"}
    )
    assert "Ingen forsendelser" in filtered.content.decode()
    # Sent: no second "Send til alle" (Wagtail's admin turns the refusal into a redirect).
    again = client.post(reverse("newsletter_admin:send", kwargs={"pk": issue.pk}))
    assert again.status_code in (302, 403) and again.get("Location") != response["Location"]
    assert Delivery.objects.count() == 2


def test_the_admin_test_sending_goes_to_the_editor(
    client, maria: User, django_capture_on_commit_callbacks
) -> None:
    client.force_login(maria)
    SubscriberFactory.create()
    issue = IssueFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletter_admin:test", kwargs={"pk": issue.pk}), {"addresses": ""})
    from core.mail.models import OutboundEmail

    assert [m.to for m in OutboundEmail.objects.all()] == [[maria.email]]


@pytest.mark.parametrize("who", ["alice", "sofie"])
def test_nobody_else_reaches_the_admin_pages(client, who: str, request) -> None:
    client.force_login(request.getfixturevalue(who))
    issue = IssueFactory.create()
    for name in ("issue", "preview", "send"):
        url = reverse(f"newsletter_admin:{name}", kwargs={"pk": issue.pk})
        assert client.get(url).status_code in (302, 403, 404)
    assert client.post(reverse("newsletter_admin:send", kwargs={"pk": issue.pk})).status_code in (
        302,
        403,
        404,
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert not Subscriber.objects.filter(deliveries__issue=issue).exists()


def test_topics_page_changes_the_topics(client) -> None:
    from newsletter.tokens import unsubscribe_token
    from tests.factories.newsletter import TopicFactory

    kurser, drift = TopicFactory.create_batch(2)
    subscriber = SubscriberFactory.create(topics=[kurser])
    url = reverse("newsletter:topics", kwargs={"token": unsubscribe_token(subscriber.pk)})
    assert client.get(url).status_code == 200
    response = client.post(url, {"topics": [drift.pk]})
    assert "Dine emner er gemt" in response.content.decode()
    assert list(subscriber.topics.all()) == [drift]
    assert client.get(reverse("newsletter:topics", kwargs={"token": "1:x"})).status_code == 400


def test_the_lesson_chooser_opens_in_danish(client, maria: User) -> None:
    client.force_login(maria)
    response = client.get(reverse("newsletter_lesson_chooser:choose"))
    assert response.status_code == 200
    assert "Vælg en delt erfaring" in response.json()["html"]
