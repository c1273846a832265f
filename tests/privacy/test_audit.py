"""The access log (core.audit): what is recorded, that it cannot be changed, and its retention."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.signals import user_login_failed
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_purge, audit_record, audit_retention_queryset, truncate_ip
from core.models import AccessAction, AccessEvent, AppendOnlyError
from tests.factories.organisations import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _event(**kwargs):
    defaults = {"actor": None, "action": AccessAction.PERSON_VIEWED}
    return audit_record(**{**defaults, **kwargs})


def _old(days, **kwargs):
    """An event from ``days`` ago (written as such: not even a test may move time on a row)."""
    defaults = {"action": AccessAction.PERSON_VIEWED}
    return AccessEvent.objects.create(
        at=timezone.now() - timedelta(days=days), **{**defaults, **kwargs}
    )


# --- Recording -----------------------------------------------------------------------------


def test_it_records_actor_subject_object_and_a_truncated_network():
    hr, person = UserFactory(), UserFactory()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.77")
    event = audit_record(
        actor=hr,
        action=AccessAction.PERSON_VIEWED,
        subject=person,
        organisation=42,
        obj=person,
        request=request,
        detail={"page": "person"},
    )
    event.refresh_from_db()
    assert (event.actor, event.subject, event.organisation_id) == (hr, person, 42)
    assert (event.object_type, event.object_id) == ("organisations.user", str(person.pk))
    assert event.ip_network == "203.0.113.0"
    assert event.detail == {"page": "person"}


def test_behind_a_proxy_the_client_address_is_recorded_not_the_proxys(settings):
    # The same address the login rate limits count (DJANGO_BEHIND_PROXY in production).
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.77"
    )
    event = audit_record(actor=UserFactory(), action=AccessAction.LOGIN, request=request)
    assert event.ip_network == "203.0.113.0"


def test_ipv6_is_cut_to_48_bits_and_rubbish_is_dropped():
    assert truncate_ip("2001:db8:abcd:12:1:2:3:4") == "2001:db8:abcd::"
    assert truncate_ip("not an address") is None
    assert truncate_ip("") is None


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        _event(action="looked_around")


def test_a_login_and_a_logout_are_recorded(client):
    person = UserFactory()
    assert client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}
    ).status_code in (200, 302)
    login = AccessEvent.objects.get(action=AccessAction.LOGIN)
    assert login.actor == person and login.subject == person
    client.post(reverse("account_logout"))
    assert AccessEvent.objects.filter(action=AccessAction.LOGOUT, subject=person).exists()


def test_a_failed_login_names_the_account_but_not_the_typed_address(client):
    person = UserFactory()
    client.post(reverse("account_login"), {"login": person.email, "password": "forkert"})
    client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "x"})
    failed = list(AccessEvent.objects.filter(action=AccessAction.LOGIN_FAILED).order_by("pk"))
    assert [event.subject for event in failed] == [person, None]
    assert all(event.actor is None for event in failed)
    assert "nobody@example.org" not in str([event.detail for event in failed])


def test_a_failed_login_signal_without_request_or_login_is_recorded_without_subject():
    user_login_failed.send(sender=None, credentials={"password": "********"})
    event = AccessEvent.objects.get(action=AccessAction.LOGIN_FAILED)
    assert event.subject is None and event.ip_network is None


def test_two_factor_changes_are_recorded():
    from allauth.mfa import signals

    person = UserFactory()
    totp = TOTP.activate(person, "JBSWY3DPEHPK3PXP").instance
    request = RequestFactory().post("/")
    signals.authenticator_added.send(
        sender=Authenticator, request=request, user=person, authenticator=totp
    )
    signals.authenticator_removed.send(
        sender=Authenticator, request=request, user=person, authenticator=totp
    )
    signals.authenticator_reset.send(
        sender=Authenticator,
        request=request,
        user=person,
        authenticator=Authenticator(user=person, type=Authenticator.Type.RECOVERY_CODES),
    )
    actions = list(
        AccessEvent.objects.filter(subject=person).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        AccessAction.MFA_ACTIVATED,
        AccessAction.MFA_DEACTIVATED,
        AccessAction.RECOVERY_CODES_GENERATED,
    ]


def test_a_wrong_two_factor_code_is_a_failed_login(client):
    person = UserFactory()
    TOTP.activate(person, "JBSWY3DPEHPK3PXP")
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    event = AccessEvent.objects.get(action=AccessAction.LOGIN_FAILED, subject=person)
    assert event.detail["step"] == "mfa"
    assert not AccessEvent.objects.filter(action=AccessAction.LOGIN, subject=person).exists()


# --- Append-only ---------------------------------------------------------------------------


def test_an_event_cannot_be_changed_or_deleted_through_the_orm():
    event = _event(subject=UserFactory())
    event.action = AccessAction.LOGIN
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["action"])
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(action=AccessAction.LOGIN)
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(ip_network="10.0.0.0")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.bulk_update([event], ["action"])
    assert AccessEvent.objects.get(pk=event.pk).action == AccessAction.PERSON_VIEWED


def test_a_person_can_be_detached_from_events():
    """Erasure points the events at the placeholder (or empties the key); nothing else moves."""
    person, placeholder = UserFactory(), UserFactory()
    event = _event(subject=person, request=RequestFactory().get("/", REMOTE_ADDR="10.1.2.3"))
    AccessEvent.objects.filter(pk=event.pk).update(subject=placeholder, ip_network=None)
    event.refresh_from_db()
    assert event.subject == placeholder and event.ip_network is None
    person.delete()  # SET_NULL goes through too
    other = _event(actor=placeholder, subject=placeholder)
    placeholder.delete()
    other.refresh_from_db()
    assert other.actor is None and other.subject is None


# --- Retention -----------------------------------------------------------------------------


def test_the_purge_keeps_each_kind_for_its_own_period():
    person = UserFactory()
    _old(91, action=AccessAction.LOGIN_FAILED, subject=person)
    young_failed = _old(89, action=AccessAction.LOGIN_FAILED, subject=person)
    _old(366, action=AccessAction.LOGIN, actor=person, subject=person)
    year_old_view = _old(366, subject=person)
    _old(731, subject=person)

    assert audit_purge(dry_run=True) == 3
    assert AccessEvent.objects.count() == 5
    assert audit_purge() == 3
    assert set(AccessEvent.objects.values_list("pk", flat=True)) == {
        young_failed.pk,
        year_old_view.pk,
    }
    assert audit_purge() == 0  # twice is harmless


def test_the_retention_queryset_deletes_only_what_is_expired():
    """privacy.retention counts and deletes through it."""
    kept = _event(subject=UserFactory())
    _old(800, subject=UserFactory())
    rows = audit_retention_queryset()
    assert rows.count() == 1
    rows.delete()
    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [kept.pk]


# --- PostgreSQL: the database refuses too --------------------------------------------------


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_outside_the_purge():
    person = UserFactory()
    event = _event(subject=person)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent._base_manager.filter(pk=event.pk).update(action=AccessAction.LOGIN)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent._base_manager.filter(pk=event.pk)._raw_delete(connection.alias)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_accessevent")
    # Detaching the person is allowed.
    AccessEvent._base_manager.filter(pk=event.pk).update(subject=None, ip_network=None)
    assert AccessEvent.objects.filter(pk=event.pk, subject=None).exists()


@pytest.mark.postgres
def test_postgresql_lets_the_purge_delete_only_rows_past_the_shortest_retention():
    """Old rows can only come in through INSERT there: the trigger refuses to move time."""
    person = UserFactory()
    old = AccessEvent.objects.create(
        action=AccessAction.PERSON_VIEWED, subject=person, at=timezone.now() - timedelta(days=800)
    )
    young = _event(subject=person)
    assert audit_purge() == 1
    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [young.pk]
    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    # Even inside the purge's own transaction setting, a young row cannot be deleted.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lms.audit_purge', 'on', true)")
            cursor.execute("DELETE FROM core_accessevent WHERE id = %s", [young.pk])


def test_erasing_a_person_keeps_the_events_but_detaches_them():
    """The record that someone's data was accessed stays; it no longer leads to the person."""
    from privacy.erasure import person_erase

    hr, person = UserFactory(), UserFactory()
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    about = audit_record(actor=hr, action=AccessAction.PLAN_VIEWED, subject=person, request=request)
    by = audit_record(actor=person, action=AccessAction.PERSON_VIEWED, subject=hr)
    person_erase(person=person, erased_by=None)
    about.refresh_from_db()
    by.refresh_from_db()
    assert about.actor == hr and about.subject_id != person.pk and about.ip_network is None
    assert about.action == AccessAction.PLAN_VIEWED
    assert by.actor_id != person.pk and by.subject == hr
