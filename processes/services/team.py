"""Writes of "Sæt et godt hold" (seed 003): the competences the team of a renovation needs.

"Det er ledelsesansvar at overveje og understøtte at de rigtige kompetencer er til stede":
leaders of the process name each competence the team needs, general or professional, and the
level; the team page sets them against the documented levels of the people on the team.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competencies.models import Competence
from organisations.models import User
from processes.models import Process, TeamNeed
from processes.services.anchoring import check_competence, check_level, record_event, require_lead

EDIT_ACTION = "processes.team.edit"


def _require(actor: User, process: Process) -> None:
    require_lead(actor, process, _("Kun forløbets ledere kan ændre holdets kompetencebehov."))


@transaction.atomic
def team_need_save(
    *,
    actor: User,
    process: Process,
    need: TeamNeed | None = None,
    competence: Competence,
    scope: str,
    level: int,
    note: str = "",
) -> TeamNeed:
    """Add (or change) a competence the team needs, at a level 1–4."""
    _require(actor, process)
    Process.objects.select_for_update().filter(pk=process.pk).first()  # two leaders at once
    check_competence(competence)
    check_level(level, "level", required=True)
    twin = TeamNeed.objects.filter(process=process, competence=competence)
    if need is not None:
        twin = twin.exclude(pk=need.pk)
    if twin.exists():
        raise ValidationError(
            {"competence": _("Holdet har allerede et behov for denne kompetence.")}
        )
    row = need or TeamNeed(process=process)
    row.process, row.competence, row.scope, row.level, row.note = (
        process,
        competence,
        scope,
        level,
        note,
    )
    row.full_clean()
    row.save()
    record_event(
        process,
        actor=actor,
        action="team.need",
        comment=(
            _("Kompetencebehov rettet: %(competence)s, niveau %(level)s")
            if need
            else _("Kompetencebehov tilføjet: %(competence)s, niveau %(level)s")
        )
        % {"competence": competence.name, "level": level},
    )
    log(process, EDIT_ACTION, user=actor)
    return row


@transaction.atomic
def team_need_remove(*, actor: User, need: TeamNeed) -> None:
    """Remove a competence from what the team needs."""
    process = need.process
    _require(actor, process)
    name = need.competence.name
    need.delete()
    record_event(
        process,
        actor=actor,
        action="team.need",
        comment=_("Kompetencebehov fjernet: %(competence)s") % {"competence": name},
    )
    log(process, EDIT_ACTION, user=actor)
