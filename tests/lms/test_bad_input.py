"""Bad input is a clear refusal, never a server error (issue 11, fault 7)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from courses.models import CoursePage, Enrolment
from tests.courses.admin_forms import course_form_data
from tests.courses.conftest import make_course


@pytest.mark.django_db
class TestEnrolForm:
    @pytest.mark.parametrize("value", ["abc", "1.5", "1\x00", "-1", "9" * 30])
    def test_a_malformed_session_is_refused(self, client, karen, course, session, value):
        client.force_login(karen)
        response = client.post(reverse("enrol", args=[course.pk]), {"session": value})
        assert response.status_code in (302, 400, 404)
        assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_a_nul_byte_in_a_cancellation_reason_is_refused(client, karen, course, session):
    from courses import services

    enrolment = services.enrolment_create(
        user=karen, course=course, session=session, requested_by=karen
    )
    client.force_login(karen)
    response = client.post(
        reverse("enrolment_cancel", args=[enrolment.pk]), {"reason": "ikke\x00tid"}
    )
    assert response.status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.status != "cancelled"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["%00", "a%00b", "%00&page=abc"])
def test_search_with_a_nul_byte_is_refused(client, home, query):
    response = client.get("/soeg/?q=" + query)
    assert response.status_code == 400


@pytest.mark.django_db
def test_provider_list_with_a_malformed_organisation(client, maria):
    client.force_login(maria)
    response = client.get("/admin/kursusudbydere/?organisation=abc")
    assert response.status_code == 200
    response = client.post("/admin/kursusudbydere/", {"organisation": "abc"})
    assert response.status_code in (302, 400, 404)


def assert_refused_in_editor(response, text):
    assert response.status_code == 302
    assert response.url == response.request["PATH_INFO"]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(text in m for m in messages), messages


@pytest.mark.django_db
class TestPageEditor:
    def edit(self, client, page, data):
        return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    def test_malformed_draftail_json_is_refused(self, client, sofie, akademi):
        course = make_course(akademi)
        client.force_login(sofie)
        data = course_form_data(title=course.title)
        data["learning_outcomes"] = "{not json"
        response = self.edit(client, course, data)
        assert_refused_in_editor(response, "kunne ikke læses")

    def test_a_missing_stream_count_is_refused(self, client, sofie, akademi):
        course = make_course(akademi)
        client.force_login(sofie)
        data = course_form_data(title=course.title)
        data.pop("body-count")
        response = self.edit(client, course, data)
        assert_refused_in_editor(response, "kunne ikke læses")

    def test_copy_with_a_very_long_title(self, client, maria, akademi):
        course = make_course(akademi)
        client.force_login(maria)
        url = reverse("wagtailadmin_pages:copy", args=[course.pk])
        response = client.post(
            url,
            {
                "new_title": "x" * 10_000,
                "new_slug": "kopi",
                "new_parent_page": course.get_parent().pk,
            },
        )
        assert_refused_in_editor(response, "Siden blev ikke kopieret")
        assert CoursePage.objects.count() == 1

    def test_copy_to_a_missing_parent(self, client, maria, akademi):
        course = make_course(akademi)
        client.force_login(maria)
        url = reverse("wagtailadmin_pages:copy", args=[course.pk])
        response = client.post(
            url, {"new_title": "Kopi", "new_slug": "kopi", "new_parent_page": "-1"}
        )
        assert_refused_in_editor(response, "Siden blev ikke kopieret")
        assert CoursePage.objects.count() == 1


@pytest.mark.django_db
def test_a_concurrent_second_evaluation_is_refused_in_danish(karen, course, session):
    """The unique key, not only the check before it, refuses a second evaluation."""
    from unittest import mock

    from django.core.exceptions import ValidationError

    from courses import services
    from courses.models import Evaluation

    enrolment = services.enrolment_create(
        user=karen, course=course, session=session, requested_by=karen
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(status="completed")
    enrolment.refresh_from_db()
    services.evaluation_submit(enrolment=enrolment, user=karen, rating=4)
    # The other post checked before this one saved: its existence check saw nothing.
    with (
        mock.patch.object(Evaluation.objects, "filter", return_value=Evaluation.objects.none()),
        mock.patch.object(Evaluation, "full_clean"),
        pytest.raises(ValidationError, match="allerede evalueret"),
    ):
        services.evaluation_submit(enrolment=enrolment, user=karen, rating=2)
    assert Evaluation.objects.get(enrolment=enrolment).rating == 4


# --- Fuzz: every public route, junk parameters, each role ----------------------------------

JUNK_QUERY = (
    "?page=abc&side=-1&q=%22%27%28&organisation=abc&status=abc&hvem=abc&vis=abc"
    "&kompetence=%C2%B2&medlem=1.5&effektmaal=abc&session=abc&next=https://evil.example/"
)
JUNK_POST = {
    "session": "abc",
    "organisation": "1.5",
    "membership": "abc",
    "competence": "²",
    "decision": "approve",
    "action": "submit",
    "reason": "x" * 5000,
    "row": "abc:attended",
    "enrolment": ["abc", "²", "9" * 30],
    "next": "https://evil.example/",
    "quiz": "abc",
}


def _public_routes():  # type: ignore[no-untyped-def]
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "konto/", "_util/", "^", "dokumenter/", "sprog/")):
            continue
        yield route


def _fill(route: str) -> str:
    import re

    path = re.sub(r"<int:[a-z_]+>", "1", route)
    return "/" + re.sub(r"<str:[a-z_]+>", "x", path)


def public_paths() -> list[str]:
    """Every route of the public site with 1 for each id and "x" for each text argument."""
    return sorted({_fill(route) for route in _public_routes()})


@pytest.fixture
def people(karen, lars, maria, sofie, course, session):
    """One of each: anonymous, learner, manager, network editor, provider editor."""
    return {"anonymous": None, "karen": karen, "lars": lars, "maria": maria, "sofie": sofie}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "karen", "lars", "maria", "sofie"])
def test_no_route_answers_junk_parameters_with_a_server_error(client, people, who):
    if people[who]:
        client.force_login(people[who])
    client.raise_request_exception = False
    failures = []
    for path in public_paths():
        for response in (
            client.get(path + JUNK_QUERY),
            client.post(path + JUNK_QUERY, JUNK_POST),
        ):
            if response.status_code >= 500:
                failures.append(f"{response.request['REQUEST_METHOD']} {path}")
            if response.status_code in (301, 302):
                assert urlsplit(response["Location"]).netloc in ("", "testserver"), path
    assert not failures, failures


def _admin_listing_paths() -> list[str]:
    """Admin listings (Wagtail index and report views) that take no URL argument."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from wagtail.admin.views.generic.base import BaseListingView

    def walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    paths = set()
    for route, callback in walk(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None)
        if (
            route.startswith("admin/")
            and "<" not in route
            and "(" not in route
            and view_class is not None
            and issubclass(view_class, BaseListingView)
        ):
            paths.add("/" + route)
    return sorted(paths)


@pytest.mark.django_db
def test_admin_listings_with_junk_filters(client, maria):
    client.force_login(maria)
    client.raise_request_exception = False
    paths = _admin_listing_paths()
    failures = [path for path in paths if client.get(path + JUNK_QUERY).status_code >= 500]
    assert len(paths) > 10
    assert not failures, failures


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"', "'kursus", "(a", "a:b", "*", "^", '""', "NEAR(", "\\"])
def test_search_punctuation_is_not_search_syntax(client, home, query):
    response = client.get("/soeg/", {"q": query})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target,expected",
    [
        ("https://evil.example/", "/min-side/"),
        ("//evil.example/", "/min-side/"),
        ("/godkendelser/", "/godkendelser/"),
    ],
)
def test_the_cancel_form_returns_only_to_this_site(
    client, karen, course, session, target, expected
):
    from courses import services

    enrolment = services.enrolment_create(
        user=karen, course=course, session=session, requested_by=karen
    )
    client.force_login(karen)
    response = client.post(
        reverse("enrolment_cancel", args=[enrolment.pk]), {"reason": "", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        ("12", 12),
        ("abc", None),
        ("1.5", None),
        ("-1", None),
        ("²", None),
        ("٣", None),
        (" 1", None),
        ("9" * 30, None),
        ("", None),
        (None, None),
        ("0", None),
    ],
)
def test_int_or_none(value, expected):
    from core.safety import int_or_none

    assert int_or_none(value) == expected
