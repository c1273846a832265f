"""The one e-mail a person created by an import (or the API) gets.

Most organisations: the invitation the import stored (``organisations.models.Invitation``), sent
through the invitation mechanism everyone uses (``organisations.notifications``); its link lets
the person choose a password for the account the import prepared. An organisation that requires
single sign-on has no passwords: its people are told to log in with their work account.

Each e-mail carries a dedupe key (the invitation, or the membership), so sending again — a
task that ran twice, an import resumed — sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail.compose import absolute_url, email_simple
from organisations import notifications
from organisations.models import IdentityProvider, Invitation, Membership


def invitations_send(*, membership_ids: Sequence[int]) -> int:
    """E-mail the new people of ``membership_ids``; return how many e-mails were handed on."""
    memberships = list(
        Membership.objects.filter(pk__in=list(membership_ids)).select_related(
            "user", "organisation"
        )
    )
    org_ids = {m.organisation_id for m in memberships}
    sso_only = set(
        IdentityProvider.objects.filter(
            organisation_id__in=org_ids, is_enabled=True, require_sso=True
        ).values_list("organisation_id", flat=True)
    )
    invitations = {
        (invitation.organisation_id, invitation.email.lower()): invitation.pk
        for invitation in Invitation.objects.open().filter(
            organisation_id__in=org_ids,
            email__in=[m.user.email for m in memberships],
            accepted_at__isnull=True,
        )
    }
    sent = 0
    for membership in memberships:
        if membership.organisation_id in sso_only:
            _send_sso_welcome(membership)
            sent += 1
            continue
        invitation_id = invitations.get((membership.organisation_id, membership.user.email))
        if invitation_id is not None:
            notifications.send_invitation(invitation_id=invitation_id)
            sent += 1
    return sent


def _send_sso_welcome(membership: Membership) -> None:
    """For an organisation that requires single sign-on: log in with the work account."""
    with translation.override("da"):
        values = {"org": membership.organisation.name}
        email_simple(
            to=membership.user.email,
            greeting_name=membership.user.first_name or membership.user.email,
            subject=_("Du er oprettet på AlmenLæring af %(org)s") % values,
            paragraphs=[
                _(
                    "%(org)s har oprettet dig på AlmenLæring, hvor den almene sektor lærer af "
                    "AlmenVejledningerne og af hinanden."
                )
                % values,
                _(
                    "Log ind med din arbejdskonto: skriv din arbejdsmail på login-siden, så "
                    "sender vi dig videre til %(org)s' login."
                )
                % values,
            ],
            link=absolute_url(reverse("account_login")),
            link_label=_("Log ind med din arbejdskonto"),
            dedupe_key=f"people-import-welcome:{membership.pk}",
        )
