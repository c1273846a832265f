"""E-mails about competence plans and prior learning, in Danish, each sent once.

* a plan is submitted: to HR of its organisation (not to the person, should they be HR);
* a plan is returned (with HR's comment) or approved: to the person;
* a comment by someone else: to the person;
* prior learning is submitted: to HR; decided: to the person.

Dedupe keys: ``plan-event:<event_id>:<user_id>`` and ``evidence-<kind>:<evidence_id>:<user_id>``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from competencies import access
from competencies.models import Evidence, EvidenceStatus, PlanEvent, PlanStatus
from core.mail.compose import absolute_url, email_simple
from organisations.models import User


def _hr_of(organisation_id: int, *, except_user_id: int) -> list[User]:
    """The organisation's reviewers (``access.reviewers_of``), but not the person themselves."""
    memberships = (
        access.reviewers_of(organisation_id).exclude(user_id=except_user_id).select_related("user")
    )
    return [m.user for m in memberships]


def _send(recipient: User, *, key: str, **message: Any) -> None:
    email_simple(
        to=recipient.email,
        greeting_name=recipient.first_name or recipient.name,
        dedupe_key=f"{key}:{recipient.pk}",
        **message,
    )


def plan_event_notify(*, event_id: int) -> int:
    """The e-mails one plan event calls for; returns how many were enqueued."""
    event = PlanEvent.objects.select_related("plan__user", "plan__organisation", "actor").get(
        pk=event_id
    )
    plan, actor = event.plan, event.actor
    link = absolute_url(reverse("competencies:plan_detail", kwargs={"pk": plan.pk}))
    actor_name = actor.name if actor else _("AlmenLæring")
    with translation.override("da"):
        if event.is_comment:
            recipients = [plan.user] if actor is None or actor.pk != plan.user_id else []
            subject = _("Ny kommentar til din kompetenceplan")
            text = _("%(actor)s har kommenteret din kompetenceplan »%(title)s«.")
        elif event.to_status == PlanStatus.SUBMITTED:
            recipients = _hr_of(plan.organisation_id, except_user_id=plan.user_id)
            subject = _("Kompetenceplan til godkendelse: %(name)s") % {"name": plan.user.name}
            text = _("%(actor)s har indsendt kompetenceplanen »%(title)s« til godkendelse.")
        elif event.to_status == PlanStatus.RETURNED:
            recipients = [plan.user]
            subject = _("Din kompetenceplan er sendt retur")
            text = _("%(actor)s har sendt din kompetenceplan »%(title)s« retur med en kommentar.")
        elif event.to_status == PlanStatus.APPROVED:
            recipients = [plan.user]
            subject = _("Din kompetenceplan er godkendt")
            text = _("%(actor)s har godkendt din kompetenceplan »%(title)s«.")
        else:
            return 0
        for recipient in recipients:
            _send(
                recipient,
                key=f"plan-event:{event.pk}",
                subject=subject,
                paragraphs=[text % {"actor": actor_name, "title": plan.title}],
                quote=event.comment,
                link=link,
                link_label=_("Se planen"),
            )
    return len(recipients)


def evidence_submitted_notify(*, evidence_id: int) -> int:
    """Tell HR that prior learning waits for their decision."""
    evidence = Evidence.objects.select_related("user", "competence").get(pk=evidence_id)
    if evidence.organisation_id is None:
        return 0
    recipients = _hr_of(evidence.organisation_id, except_user_id=evidence.user_id)
    link = absolute_url(
        reverse("competencies:evidence_queue", kwargs={"org_pk": evidence.organisation_id})
    )
    with translation.override("da"):
        for recipient in recipients:
            _send(
                recipient,
                key=f"evidence-submitted:{evidence.pk}",
                subject=_("Dokumentation til godkendelse: %(name)s") % {"name": evidence.user.name},
                paragraphs=[
                    _(
                        "%(name)s har dokumenteret tidligere læring i »%(competence)s« "
                        "(niveau %(level)s)."
                    )
                    % {
                        "name": evidence.user.name,
                        "competence": evidence.competence.name,
                        "level": evidence.level,
                    }
                ],
                link=link,
                link_label=_("Behandl dokumentationen"),
            )
    return len(recipients)


def evidence_decided_notify(*, evidence_id: int) -> int:
    """Tell the person that HR approved or rejected their prior learning."""
    evidence = Evidence.objects.select_related("user", "competence").get(pk=evidence_id)
    approved = evidence.status == EvidenceStatus.APPROVED
    with translation.override("da"):
        _send(
            evidence.user,
            key=f"evidence-decided:{evidence.pk}",
            subject=_("Din dokumentation er godkendt")
            if approved
            else _("Din dokumentation er afvist"),
            paragraphs=[
                (
                    _(
                        "Din dokumentation af »%(competence)s« er godkendt og tæller nu med "
                        "i dit niveau."
                    )
                    if approved
                    else _("Din dokumentation af »%(competence)s« er desværre afvist.")
                )
                % {"competence": evidence.competence.name}
            ],
            quote=evidence.decision_comment,
            link=absolute_url(reverse("competencies:overview")),
            link_label=_("Se dine kompetencer"),
        )
    return 1
