"""A building project's xAPI statements as a background job (``core.jobs``).

The statements name people, so only the project's leaders and members get the file
(``onsite.access``): checked when the export is started, again in the worker, and again at the
download.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.jobs.registry import BuildContext, ExportFile, Scope, register_export
from onsite import access, exports
from onsite.models import BuildingProject

XAPI = "onsite.xapi"


def _project(user: Any, parameters: dict[str, Any]) -> BuildingProject:
    pk = parameters.get("project")
    if not isinstance(pk, int):
        raise Http404
    project = access.get_project_for(user, pk)
    if not access.actions_for(user, project).can_export:
        raise Http404  # the statements name people: only the project's leaders and members
    return project


def xapi_authorise(user: Any, parameters: dict[str, Any]) -> Scope:
    project = _project(user, parameters)
    back = reverse("onsite:project_detail", args=[project.pk])
    return Scope(organisation_id=project.organisation_id, label=project.name, back_url=back)


def xapi_build(context: BuildContext) -> ExportFile:
    project = _project(context.user, context.parameters)
    context.progress(0, 1)
    body = exports.xapi_json(project).encode("utf-8")
    context.progress(1, 1)
    return ExportFile(
        content=body,
        filename=f"byggesag-{project.pk}-xapi.json",
        content_type="application/json; charset=utf-8",
    )


register_export(
    XAPI,
    title=gettext_lazy("Læringsdata (xAPI, JSON)"),
    authorise=xapi_authorise,
    build=xapi_build,
)
