"""The Wagtail admin and the account pages speak Danish to Danish editors (issue 18).

Wagtail 8's and allauth's Danish catalogues leave much in English ("Pages", "Filter by",
"Download XLSX", "Page 1 of 1") or say it stiffly ("Loggede succesfuldt ind", "password"). The
project's own catalogue (locale/da) overrides them. These tests render the main admin views and the
account pages as a Danish editor and fail on English words in what a person sees or hears: the text,
the attributes a screen reader reads (aria-label, title, placeholder, alt), and the menu and
strings Wagtail renders from its JSON (sidebar, bulk actions).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from courses.models import CourseSession
from organisations import demo
from tests.courses.conftest import (  # noqa: F401 (fixtures)
    akademi,
    catalogue,
    home,
    make_course,
    make_session,
    maria,
    sofie,
)
from tests.organisations.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# English that Wagtail or allauth used to show; a whole word or phrase, case as shown.
ENGLISH_ADMIN = [
    "Pages",
    "Images",
    "Documents",
    "Search all pages",
    "Reports",
    "Help",
    "Actions",
    "Filter by",
    "Show filters",
    "Download XLSX",
    "Download CSV",
    r"Page \d+ of",
    r"\d+ of \d+",
    "New:",
    "Sort by",
    "More options for",
    "Dashboard",
    "Exploring",
    "Bulk actions",
    "Select all",
    "Keyboard shortcuts",
    "Toggle",
    "Locked pages",
    "Site history",
    "Aging pages",
    "Workflows",
    "Redirects",
    "Editor Guide",
    "Visit the live page",
    "Save draft",
    "Preview",
    "Last published",
    "Requested by",
    "Date updated",
    "Page type",
    "Owner",
    "Edited by",
    "Bulk",
    "Close dialog",
    "Add an image",
    "Add a document",
    "Usage count",
    "Grid layout",
]
ENGLISH_ACCOUNT = [
    "password",
    "Password",
    r"\bemail",
    r"\bEmail",
    "venligst",
    "succesfuldt",
    "Loggede",
    "autentificering",
    "Autentificering",
    "Sign In",
    "Sign Out",
    "Forgot",
    "Remember Me",
    "Reset My",
    "Genautentificer",
    "Two-Factor",
    "Authenticator",
]

SCREEN_READER_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}
# Wagtail renders its sidebar menu and some strings from JSON in these scripts.
JSON_SCRIPTS = {"wagtail-sidebar-props", "wagtail-config"}
JSON_TEXT_KEYS = {"label", "footer_text", "title"}


def _json_texts(value: object, under_strings: bool = False):
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (key in JSON_TEXT_KEYS or under_strings):
                yield item
            else:
                yield from _json_texts(item, under_strings or key == "STRINGS")
    elif isinstance(value, list):
        for item in value:
            yield from _json_texts(item, under_strings)


class _Perceivable(HTMLParser):
    """What a person sees or hears of a page: text, the screen reader's attributes, and the
    texts Wagtail's scripts render from JSON. Other scripts and styles are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0
        self._json: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("id") in JSON_SCRIPTS:
            self._json = []
        elif tag in ("script", "style"):
            self._skipping += 1
        for name, value in attrs:
            if name in SCREEN_READER_ATTRIBUTES and value:
                self.texts.append(value)
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json is not None:
            self.texts.extend(_json_texts(json.loads("".join(self._json))))
            self._json = None
        elif tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if self._json is not None:
            self._json.append(data)
        elif not self._skipping:
            self.texts.append(data)


def perceivable_texts(html: str) -> list[str]:
    parser = _Perceivable()
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.texts if text.strip()]


# Wagtail's home and header templates hard-code a visually hidden submit button "Search" (not
# through gettext, so no catalogue reaches it); it is not in the word lists above.


def english_found(html: str, words: list[str]) -> list[tuple[str, str]]:
    patterns = [(word, re.compile(rf"(?<![\w-]){word}(?![\w])")) for word in words]
    return [
        (word, text)
        for text in perceivable_texts(html)
        for word, pattern in patterns
        if pattern.search(text)
    ]


def assert_danish(client, url: str, words: list[str]) -> None:
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.redirect_chain)
    found = english_found(response.content.decode(), words)
    assert not found, f"{url}: English shown to a Danish editor: {found[:15]}"


def test_the_check_sees_aria_labels_and_wagtails_json_menu():
    html = (
        '<nav aria-label="Actions"></nav><p>Sider</p>'
        '<script id="wagtail-sidebar-props" type="application/json">'
        '{"modules": [{"_args": [{"label": "Reports"}]}]}</script>'
        "<script>var x = 'Pages';</script><div data-x='Pages'></div>"
    )
    assert {word for word, _text in english_found(html, ENGLISH_ADMIN)} == {"Actions", "Reports"}


@pytest.fixture
def editors_world(akademi, sofie, maria):  # noqa: F811
    course = make_course(akademi, title="Fremtidsanalyse for afdelinger")
    make_session(course)
    return course


def test_the_network_editor_sees_the_admin_in_danish(client, maria, editors_world, home):  # noqa: F811
    client.force_login(maria)
    session = CourseSession.objects.get()
    urls = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{editors_world.pk}/edit/",
        f"/admin/pages/{editors_world.pk}/history/",
        "/admin/pages/search/?q=kursus",
        "/admin/images/",
        "/admin/images/add/",
        "/admin/documents/",
        "/admin/documents/add/",
        "/admin/snippets/",
        reverse("wagtailsnippets_competencies_guide:list"),
        "/admin/hold/",
        f"/admin/hold/?course={editors_world.pk}",
        f"/admin/hold/edit/{session.pk}/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/account/",
    ]
    for url in urls:
        assert_danish(client, url, ENGLISH_ADMIN)


def test_the_provider_editor_sees_the_admin_in_danish(client, sofie, editors_world):  # noqa: F811
    client.force_login(sofie)
    for url in [
        "/admin/",
        "/admin/pages/",
        "/admin/hold/",
        f"/admin/pages/{editors_world.pk}/edit/",
    ]:
        assert_danish(client, url, ENGLISH_ADMIN)


def test_the_account_pages_speak_the_sites_danish(client, maria, home):  # noqa: F811
    for url in [
        reverse("account_login"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        "/konto/password/reset/key/1-ugyldig/",
    ]:
        assert_danish(client, url, ENGLISH_ACCOUNT)

    # The second step of the login, and the logged-in account pages
    client.post(reverse("account_login"), {"login": maria.email, "password": PASSWORD})
    assert_danish(client, reverse("mfa_authenticate"), ENGLISH_ACCOUNT)
    response = client.post(
        reverse("mfa_authenticate"), {"code": demo.current_totp_code()}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert "Du er logget ind som Maria." in messages or any("logget ind" in m for m in messages)
    assert not any("succesfuldt" in m for m in messages)
    for url in [
        reverse("mfa_index"),
        reverse("account_change_password"),
        reverse("account_logout"),
    ]:
        assert_danish(client, url, ENGLISH_ACCOUNT)


def test_the_password_reset_mail_says_adgangskode(client, maria, mailoutbox, home):  # noqa: F811
    client.post(reverse("account_reset_password"), {"email": maria.email})
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "adgangskode" in mail.subject.lower()
    assert "password" not in (mail.subject + mail.body).lower().replace("/password/", "")


def test_a_blended_course_is_called_kombineret_on_its_page(client, akademi):  # noqa: F811
    course = make_course(akademi, title="Helhedsplan i praksis", format="blended")
    response = client.get(course.url)
    assert response.status_code == 200
    texts = perceivable_texts(response.content.decode())
    assert any("Kombineret (online og fremmøde)" in text for text in texts)
    assert not any("Blended" in text for text in texts)


def test_the_log_entry_kinds_offer_no_english():
    from onsite.models import LogEntry

    choices = [str(label) for _value, label in LogEntry._meta.get_field("kind").choices]
    assert "Erfaring til næste gang" in choices
    assert not any("lesson" in label.lower() for label in choices)
