"""The site served on another host and port links only to itself (issue 18, fault 2).

Every absolute link is collected from what people and their programs receive: the pages (Min
side with the calendar feed, the course page, the certificate page and PDF), the e-mails of an
enrolment that is approved and completed, and the calendar files. E-mails are parsed with the
``email`` package, calendars with ``icalendar`` and the PDF with ``pypdf``, as the programs that
read them would.
"""

import email
import email.policy
import io
import re
from urllib.parse import urlsplit

import icalendar
import pypdf
import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from wagtail.models import Page, Site, get_page_models

from core import site_url
from courses import services
from courses.models import Enrolment, EnrolmentStatus
from lms.env import checked_base_url
from organisations import services as org_services

HOST = "laering.example:8443"
BASE = f"https://{HOST}"
URL = re.compile(r"https?://[^\s\"'<>\\]+")
# Namespaces in inline SVG are identifiers, not links anybody follows.
NOT_LINKS = ("http://www.w3.org/",)


def urls_in(text: str) -> list[str]:
    return [url for url in URL.findall(text) if not url.startswith(NOT_LINKS)]


def assert_all_ours(urls: list[str], where: str) -> None:
    wrong = [url for url in urls if urlsplit(url)[:2] != ("https", HOST)]
    assert not wrong, f"{where} links elsewhere than {BASE}: {wrong}"


@pytest.fixture
def elsewhere(settings):
    """The site answers at laering.example:8443 only, and is configured to say so."""
    settings.ALLOWED_HOSTS = ["laering.example"]
    settings.LMS_BASE_URL = BASE
    settings.WAGTAILADMIN_BASE_URL = BASE


def client_for(user) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def get(client: Client, path: str):
    response = client.get(path, secure=True, follow=True)
    assert response.status_code == 200, (path, response.status_code)
    return response


# --- What is read: pages, e-mails, calendars, PDFs -----------------------------------------


def calendar_urls(content: bytes) -> list[str]:
    """Every URL an iCalendar reader finds: URL properties and links inside text values."""
    urls = []
    for component in icalendar.Calendar.from_ical(content).walk():
        for name, value in component.property_items(recursive=False):
            if not isinstance(value, str):  # dates, durations, numbers: no links in them
                continue
            text = str(value)  # text, URI and address values, unescaped by icalendar
            if name in ("URL", "SOURCE") or text.startswith(("http://", "https://")):
                assert text.startswith("https://"), f"{name}: {text}"
            if name == "ORGANIZER":
                assert not text.lower().endswith(("@localhost", "@testserver")), text
            urls += urls_in(text)
    return urls


def email_urls(message) -> tuple[list[str], list[str]]:
    """(links in the text and HTML parts, links in attached calendars) of one e-mail."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    links, calendar_links = [], []
    for part in parsed.walk():
        content_type = part.get_content_type()
        if content_type in ("text/plain", "text/html"):
            links += urls_in(part.get_content())
        elif content_type == "text/calendar":
            calendar_links += calendar_urls(part.get_payload(decode=True))
    return links, calendar_links


def pdf_urls(content: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    urls = []
    for page in reader.pages:
        urls += urls_in(page.extract_text())
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                urls.append(str(action["/URI"]))
    return urls


# --- The journey ---------------------------------------------------------------------------


def approve_and_complete(karen, lars, sofie, course, session, capture) -> Enrolment:
    """Karen asks, Lars approves in the browser, the provider marks her present (completed)."""
    with capture(execute=True):
        enrolment = services.enrolment_create(
            user=karen, course=course, session=session, requested_by=karen
        )
    assert enrolment.status == EnrolmentStatus.AWAITING_APPROVAL
    with capture(execute=True):
        response = client_for(lars).post(
            f"/godkendelser/{enrolment.pk}/", {"decision": "approve"}, secure=True
        )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.BOOKED
    with capture(execute=True):
        services.attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    return enrolment


@pytest.mark.django_db
def test_every_absolute_link_points_to_the_host_and_port_the_site_is_served_on(
    elsewhere, karen, lars, sofie, fjordbo, course, session, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    enrolment = approve_and_complete(karen, lars, sofie, course, session, capture)
    with capture(execute=True):
        org_services.invitation_create(
            organisation=fjordbo, email="ny@fjordbo.example", roles=["staff"], invited_by=lars
        )

    # E-mails: awaiting approval (Karen, Lars), booked with hold.ics, certificate, invitation.
    assert len(mail.outbox) >= 5
    for message in mail.outbox:
        links, calendar_links = email_urls(message)
        assert links, f"no links in the e-mail {message.subject!r}"
        assert_all_ours(links + calendar_links, f"the e-mail {message.subject!r}")
    booked = next(m for m in mail.outbox if m.to == [karen.email] and m.attachments)
    assert f"{BASE}{course.url}" in email_urls(booked)[1]

    # Pages, as Karen sees them.
    karen_client = client_for(karen)
    min_side = get(karen_client, "/min-side/").content.decode()
    feed_url = next(url for url in urls_in(min_side) if "/kalender/feed/" in url)
    assert_all_ours(urls_in(min_side), "Min side")
    for path in (course.url, f"/bevis/{enrolment.certificate.code}/"):
        assert_all_ours(urls_in(get(karen_client, path).content.decode()), path)

    # The certificate PDF: its printed address and QR code's link.
    pdf = get(karen_client, f"/bevis/{enrolment.certificate.code}/pdf/").content
    pdf_links = pdf_urls(pdf)
    assert f"{BASE}/bevis/{enrolment.certificate.code}/" in pdf_links
    assert_all_ours(pdf_links, "the certificate PDF")

    # Calendar files: the session download and the subscribed feed.
    session_ics = get(karen_client, f"/kalender/hold/{session.pk}.ics").content
    feed_ics = get(Client(HTTP_HOST=HOST), urlsplit(feed_url).path).content
    for name, content in (("hold.ics", session_ics), ("the feed", feed_ics)):
        links = calendar_urls(content)
        assert f"{BASE}{course.url}" in links, name
        assert_all_ours(links, name)


@pytest.mark.django_db(transaction=True)
def test_in_a_request_the_requests_address_wins_over_the_configured_one(
    settings, karen, lars, session
):
    # Configured for the default port, served on another: what a person is sent while they use
    # the site links to where they are, also the e-mails composed during their request.
    settings.ALLOWED_HOSTS = ["laering.example"]
    settings.LMS_BASE_URL = "http://127.0.0.1:8000"
    enrolment = services.enrolment_create(
        user=karen, course=session.course, session=session, requested_by=karen
    )
    mail.outbox.clear()

    response = client_for(lars).post(
        f"/godkendelser/{enrolment.pk}/", {"decision": "approve"}, secure=True
    )

    assert response.status_code == 302
    [booked] = mail.outbox
    links, calendar_links = email_urls(booked)
    assert links and calendar_links
    assert_all_ours(links + calendar_links, "the booking e-mail")
    min_side = get(client_for(karen), "/min-side/").content.decode()
    assert any("/kalender/feed/" in url for url in urls_in(min_side))
    assert_all_ours(urls_in(min_side), "Min side")


@pytest.mark.django_db
def test_outside_a_request_the_configured_address_is_used(settings, rf):
    settings.LMS_BASE_URL = "https://almenlaering.dk"
    assert site_url.absolute_url("/min-side/") == "https://almenlaering.dk/min-side/"

    settings.ALLOWED_HOSTS = ["laering.example"]
    request = rf.get("/", HTTP_HOST=HOST, secure=True)
    with site_url.request_address(request):
        assert site_url.absolute_url("/min-side/") == f"{BASE}/min-side/"
    assert site_url.absolute_url("/min-side/") == "https://almenlaering.dk/min-side/"


def test_a_host_outside_allowed_hosts_is_refused(settings, rf):
    from django.core.exceptions import DisallowedHost

    settings.ALLOWED_HOSTS = ["laering.example"]
    request = rf.get("/", HTTP_HOST="evil.example")
    with pytest.raises(DisallowedHost):
        site_url.public_base_url(request)


@pytest.mark.django_db
def test_a_pages_full_url_is_the_public_address_not_the_wagtail_site_record(settings, course):
    # Wagtail's own workflow e-mails ("You can view the page here") print page.full_url.
    settings.LMS_BASE_URL = BASE
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)  # a fresh installation's record

    assert course.get_full_url() == f"{BASE}{course.url}"
    assert course.full_url == f"{BASE}{course.url}"
    assert site_url.page_full_url(course) == f"{BASE}{course.url}"
    assert course.url.startswith("/")  # links within the site stay relative


def test_every_page_type_of_ours_takes_its_full_url_from_the_public_address():
    ours = [model for model in get_page_models() if model is not Page]
    assert ours
    assert [m for m in ours if not issubclass(m, site_url.PublicAddressPageMixin)] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://almenlaering.dk", "https://almenlaering.dk"),
        ("https://almenlaering.dk/", "https://almenlaering.dk"),
        ("http://127.0.0.1:8101", "http://127.0.0.1:8101"),
    ],
)
def test_a_base_url_is_a_scheme_and_a_host(value, expected):
    assert checked_base_url("LMS_BASE_URL", value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "almenlaering.dk",
        "ftp://almenlaering.dk",
        "https://almenlaering.dk/lms",
        "https://*",
        "https://almenlaering.dk:port",
        "https://almenlaering.dk?x=1",
    ],
)
def test_a_base_url_that_would_break_every_link_stops_the_process(value):
    with pytest.raises(ImproperlyConfigured, match="LMS_BASE_URL"):
        checked_base_url("LMS_BASE_URL", value)
