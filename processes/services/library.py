"""Writes of the network's library: installing the tools and drejebøger of ``processes.content``.

``tool_install`` and ``template_install`` find the row by slug, write the definition into it and
publish a revision, so the tool or drejebog is live and its history shows the change (Wagtail's
audit log: create, edit, publish). They are idempotent: a definition that is already live
unchanged is left alone (no new revision, no new version). A tool or drejebog that someone has
since edited in the Wagtail admin is skipped unless ``overwrite`` is given, so a deployment never
silently undoes the network's own edits.

Used by ``manage.py load_working_methods`` and the demo.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.blocks import StreamValue
from wagtail.log_actions import log

from competencies.models import Competence, Guide
from processes.content import TEMPLATES, TOOLS
from processes.content.spec import TemplateSpec, ToolSpec
from processes.models import ProcessTemplate
from tools.models import Tool

if TYPE_CHECKING:
    from organisations.models import User

Outcome = Literal["created", "updated", "unchanged", "skipped"]


@dataclass(frozen=True)
class InstallResult:
    obj: Tool | ProcessTemplate
    outcome: Outcome


def _normal(stream: StreamValue) -> Any:
    """A StreamField value in its stored form, every block converted (defaults filled in)."""
    for _child in stream:  # converts lazily loaded blocks, so both sides compare alike
        pass
    return stream.get_prep_value()


def _fingerprint(obj: Tool | ProcessTemplate, names: Iterable[str], streams: Iterable[str]) -> str:
    data: dict[str, Any] = {name: getattr(obj, name) for name in names}
    data.update({name: _normal(getattr(obj, name)) for name in streams})
    return json.dumps(data, sort_keys=True, default=str)


def _edited_by_someone_else(obj: Tool | ProcessTemplate, actor: User | None) -> bool:
    """Was the newest revision saved by a person (in the admin) other than the installer?"""
    latest = obj.latest_revision
    if latest is None or latest.user_id is None:
        return False
    return actor is None or latest.user_id != actor.pk


def _publish(obj: Tool | ProcessTemplate, *, created: bool, actor: User | None) -> None:
    obj.full_clean()
    if created:
        obj.live = False
        obj.save()
        log(instance=obj, action="wagtail.create", user=actor)
    revision = obj.save_revision(user=actor, log_action=True)
    revision.publish(user=actor, skip_permission_checks=True)


def _install(
    model: type[Tool] | type[ProcessTemplate],
    slug: str,
    apply: Any,
    names: tuple[str, ...],
    streams: tuple[str, ...],
    *,
    actor: User | None,
    overwrite: bool,
) -> InstallResult:
    obj = model.objects.select_for_update().filter(slug=slug).first()
    created = obj is None
    if obj is None:
        obj = model(slug=slug)
        before = ""
    else:
        before = _fingerprint(obj, names, streams)
    apply(obj)
    if not created:
        if (
            _fingerprint(obj, names, streams) == before
            and obj.live
            and not obj.has_unpublished_changes
        ):
            return InstallResult(obj, "unchanged")
        if _edited_by_someone_else(obj, actor) and not overwrite:
            obj.refresh_from_db()
            return InstallResult(obj, "skipped")
    _publish(obj, created=created, actor=actor)
    obj.refresh_from_db()
    return InstallResult(obj, "created" if created else "updated")


TOOL_NAMES = ("title", "kind", "source", "introduction")


@transaction.atomic
def tool_install(
    *, spec: ToolSpec, actor: User | None = None, overwrite: bool = False
) -> InstallResult:
    """Create or update the tool ``spec.slug`` and publish it."""

    def apply(tool: Tool) -> None:
        tool.title = spec.title
        tool.kind = spec.kind
        tool.source = spec.source
        tool.introduction = spec.introduction
        tool.fields = list(spec.fields)

    return _install(
        Tool, spec.slug, apply, TOOL_NAMES, ("fields",), actor=actor, overwrite=overwrite
    )


TEMPLATE_NAMES = (
    "title",
    "kind",
    "summary",
    "source",
    "needs_project",
    "milestones_in_order",
)


def _items(prefix: str, values: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {"type": "item", "value": value, "id": f"{prefix}-{i}"} for i, value in enumerate(values)
    ]


def template_streams(spec: TemplateSpec) -> dict[str, list[dict[str, Any]]]:
    """The drejebog's roles, phases and advice as raw StreamField data with stable ids.

    Guides are looked up by code (a missing guide is left out), competences by code (unknown
    codes are left out), tools by slug (a missing tool is refused: install the tools first).
    """
    milestones = spec.milestones()
    guide_codes = {code for m in milestones for code in m.guides}
    guides = dict(Guide.objects.filter(code__in=guide_codes).values_list("code", "pk"))
    competence_codes = {code for m in milestones for code in m.competences}
    known = set(Competence.objects.filter(code__in=competence_codes).values_list("code", flat=True))
    tools = dict(Tool.objects.filter(slug__in=spec.tool_slugs()).values_list("slug", "pk"))
    missing = sorted(spec.tool_slugs() - set(tools))
    if missing:
        raise ValidationError(
            {"tools": _("Værktøjerne findes ikke: %(slugs)s.") % {"slugs": ", ".join(missing)}}
        )
    role_keys = {key for key, _name, _description in spec.roles}
    phases: list[dict[str, Any]] = []
    number = 0
    for p, phase in enumerate(spec.phases, start=1):
        items = []
        for milestone in phase.milestones:
            number += 1
            prefix = f"{spec.slug}-m{number}"
            unknown = {role for role, _task in milestone.tasks} - role_keys
            if unknown:
                raise ValidationError(
                    {
                        "roles": _("Ukendt rolle i milepæl %(n)s: %(roles)s.")
                        % {"n": number, "roles": ", ".join(sorted(unknown))}
                    }
                )
            value = {
                "title": milestone.title,
                "purpose": milestone.purpose,
                "done_when": milestone.done_when,
                "tasks": _items(
                    f"{prefix}-t", ({"role": r, "task": t} for r, t in milestone.tasks)
                ),
                "advice": milestone.advice,
                "guides": _items(
                    f"{prefix}-g", (guides[c] for c in milestone.guides if c in guides)
                ),
                "competences": _items(
                    f"{prefix}-k", (c for c in milestone.competences if c in known)
                ),
                "tools": _items(f"{prefix}-v", (tools[s] for s in milestone.tools)),
                "weeks_after_start": milestone.weeks_after_start,
            }
            items.append({"type": "item", "value": value, "id": prefix})
        phases.append(
            {
                "type": "phase",
                "id": f"{spec.slug}-fase-{p}",
                "value": {
                    "title": phase.title,
                    "description": phase.description,
                    "milestones": items,
                },
            }
        )
    roles = [
        {
            "type": "role",
            "id": f"{spec.slug}-rolle-{key}",
            "value": {"key": key, "name": name, "description": description},
        }
        for key, name, description in spec.roles
    ]
    advice = [
        {"type": "advice", "id": f"{spec.slug}-raad-{i}", "value": {"title": title, "text": text}}
        for i, (title, text) in enumerate(spec.advice, start=1)
    ]
    return {"roles": roles, "phases": phases, "advice": advice}


@transaction.atomic
def template_install(
    *, spec: TemplateSpec, actor: User | None = None, overwrite: bool = False
) -> InstallResult:
    """Create or update the drejebog ``spec.slug`` and publish it.

    Publishing counts its version up (``processes.services.templates``, on Wagtail's signal).
    """
    streams = template_streams(spec)

    def apply(template: ProcessTemplate) -> None:
        template.title = spec.title
        template.kind = spec.kind
        template.summary = spec.summary
        template.source = spec.source
        template.needs_project = spec.needs_project
        template.milestones_in_order = spec.milestones_in_order
        template.roles = streams["roles"]
        template.phases = streams["phases"]
        template.advice = streams["advice"]

    return _install(
        ProcessTemplate,
        spec.slug,
        apply,
        TEMPLATE_NAMES,
        ("roles", "phases", "advice"),
        actor=actor,
        overwrite=overwrite,
    )


@transaction.atomic
def library_install(
    *,
    actor: User | None = None,
    overwrite: bool = False,
    tools: Iterable[ToolSpec] = TOOLS,
    templates: Iterable[TemplateSpec] = TEMPLATES,
) -> list[InstallResult]:
    """Install every tool, then every drejebog (which name the tools)."""
    results = [tool_install(spec=spec, actor=actor, overwrite=overwrite) for spec in tools]
    results += [template_install(spec=spec, actor=actor, overwrite=overwrite) for spec in templates]
    return results
