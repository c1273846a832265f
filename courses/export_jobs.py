"""Certificate PDFs in bulk as background jobs (``core.jobs``): a session's, and an
organisation's people's of one year (``courses.certificates_bulk`` says which and why).

The access checks are the courses app's own: a session's certificates for those who manage the
session (its provider's editors, the network), an organisation's for its HR and managers
(``competencies.access``: the people they look after), each certificate one they could download
alone. The download writes the access-log entry per person that downloading each PDF would.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competencies import access as competencies_access
from core.audit import AccessAction, audit_access
from core.jobs.models import ExportJob
from core.jobs.registry import BuildContext, ExportFile, Scope, register_export
from core.slugs import danish_slugify
from courses import access, certificates_bulk
from courses.models import CourseSession

SESSION = "courses.session_certificates"
ORGANISATION = "courses.organisation_certificates"
ZIP = "application/zip"
# Years HR may ask for: certificates exist from the platform's start; a silly year is refused.
FIRST_YEAR = 2000


def _int(parameters: dict[str, Any], name: str) -> int:
    value = parameters.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Http404
    return value


# --- A session ---------------------------------------------------------------------------------


def _session(user: Any, parameters: dict[str, Any]) -> CourseSession:
    return access.get_session_for(user, _int(parameters, "session"))


def _session_label(session: CourseSession) -> str:
    when = date_format(timezone.localtime(session.starts_at).date(), "j. F Y")
    return _("%(course)s, hold %(date)s") % {"course": session.course.title, "date": when}


def session_authorise(user: Any, parameters: dict[str, Any]) -> Scope:
    session = _session(user, parameters)
    back = reverse("hold:participants", args=[session.pk])
    return Scope(organisation_id=session.provider_id, label=_session_label(session), back_url=back)


def session_build(context: BuildContext) -> ExportFile:
    session = _session(context.user, context.parameters)
    found = certificates_bulk.session_certificates(session)
    archive, included = certificates_bulk.certificates_zip(found, context.progress)
    day = timezone.localtime(session.starts_at).date()
    stem = danish_slugify(session.course.title)[:60] or "kursus"
    return ExportFile(
        content=archive,
        filename=f"kursusbeviser-{stem}-{day:%Y-%m-%d}.zip",
        content_type=ZIP,
        contents=_contents(included),
    )


# --- An organisation's people, one year -------------------------------------------------------


def organisation_parameters(organisation_id: int, year: Any) -> dict[str, Any]:
    """The parameters of an organisation's certificates: the year as asked (``?aar=``), else
    this year."""
    this_year = timezone.localdate().year
    try:
        chosen = int(year)
    except (TypeError, ValueError):
        chosen = this_year
    return {"organisation": organisation_id, "year": chosen}


def _organisation(user: Any, parameters: dict[str, Any]) -> tuple[Any, int]:
    organisation = competencies_access.get_dashboard_organisation_for(
        user, _int(parameters, "organisation")
    )
    year = _int(parameters, "year")
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return organisation, year


def organisation_authorise(user: Any, parameters: dict[str, Any]) -> Scope:
    organisation, year = _organisation(user, parameters)
    label = _("%(organisation)s, kurser gennemført i %(year)s") % {
        "organisation": organisation.name,
        "year": year,
    }
    back = reverse("competencies:dashboard", args=[organisation.pk])
    return Scope(organisation_id=organisation.pk, label=label, back_url=back)


def organisation_build(context: BuildContext) -> ExportFile:
    organisation, year = _organisation(context.user, context.parameters)
    found = certificates_bulk.organisation_certificates(context.user, organisation.pk, year)
    archive, included = certificates_bulk.certificates_zip(found, context.progress)
    stem = danish_slugify(organisation.name)[:60] or "organisation"
    return ExportFile(
        content=archive,
        filename=f"kursusbeviser-{stem}-{year}.zip",
        content_type=ZIP,
        contents=_contents(included),
    )


# --- Both ----------------------------------------------------------------------------------------


def _contents(included: list[Any]) -> dict[str, Any]:
    return {"certificates": [[c.pk, c.enrolment.user_id] for c in included]}


def certificates_downloaded(job: ExportJob, request: Any) -> None:
    """One access-log entry per person whose certificate the ZIP holds (none for one's own),
    as downloading each PDF writes."""
    for certificate_id, user_id in job.contents.get("certificates", []):
        audit_access(
            request,
            action=AccessAction.CERTIFICATE_DOWNLOADED,
            subject=user_id,
            organisation=job.organisation_id,
            detail={"certificate": certificate_id, "job": str(job.uuid)},
        )


register_export(
    SESSION,
    title=gettext_lazy("Holdets kursusbeviser (ZIP med PDF)"),
    authorise=session_authorise,
    build=session_build,
    downloaded=certificates_downloaded,
)
register_export(
    ORGANISATION,
    title=gettext_lazy("Kursusbeviser for organisationens personer (ZIP med PDF)"),
    authorise=organisation_authorise,
    build=organisation_build,
    downloaded=certificates_downloaded,
)
