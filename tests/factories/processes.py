"""Factories of the process tools: a live drejebog (2 phases × 3 milestones, three roles, one
tool) and processes started from it through ``processes.services.processes.process_start``.

    template = TemplateFactory.create()
    process = ProcessFactory.create(actor=alice, organisation=fjordbo, template=template)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from processes.models import Process, ProcessKind, ProcessTemplate
from processes.services.processes import process_start
from tools.models import Tool, ToolKind

ROLES = (
    ("projektleder", "Projektleder"),
    ("driftschef", "Driftschef"),
    ("beboervalgte", "Beboervalgte"),
)


def make_tool(title: str = "Interessentanalyse", slug: str | None = None) -> Tool:
    """A published tool with one text question and one choice question."""
    return Tool.objects.create(
        title=title,
        slug=slug or f"tool-{Tool.objects.count() + 1}",
        kind=ToolKind.PROCESS,
        source="Drejebog for samdrift, bilag 2",
        fields=[
            {
                "type": "text",
                "value": {
                    "label": "Hvem er interessenterne?",
                    "help_text": "",
                    "required": False,
                    "multiline": True,
                },
            },
            {
                "type": "choice",
                "value": {
                    "label": "Hvor stor er deres indflydelse?",
                    "help_text": "",
                    "required": False,
                    "options": ["Lille", "Middel", "Stor"],
                    "multiple": False,
                },
            },
        ],
        live=True,
    )


def _milestone(number: int, tool: Tool | None, competences: list[str]) -> dict[str, Any]:
    return {
        "title": f"Milepæl {number}",
        "purpose": f"Formålet med milepæl {number}.",
        "done_when": f"Det er på plads ved milepæl {number}.",
        "tasks": [
            {"role": "projektleder", "task": f"Projektlederen leder milepæl {number}."},
            {"role": "driftschef", "task": f"Driftschefen bidrager til milepæl {number}."},
        ],
        "advice": "Inddrag beboerne tidligt.",
        "guides": [],
        "competences": competences,
        "tools": [tool.pk] if tool is not None else [],
        "weeks_after_start": number * 4,
    }


def phases_raw(tool: Tool | None, *, phases: int = 2, per_phase: int = 3) -> list[dict[str, Any]]:
    """The StreamField JSON of ``phases`` phases with ``per_phase`` milestones each."""
    raw: list[dict[str, Any]] = []
    number = 0
    for index in range(1, phases + 1):
        milestones = []
        for _ in range(per_phase):
            number += 1
            uses_tool = tool if number in (1, 2) else None
            milestones.append(_milestone(number, uses_tool, ["fremtidsanalyse", "ukendt-kode"]))
        raw.append(
            {
                "type": "phase",
                "value": {
                    "title": ("Forarbejde", "Udvikling", "Etablering")[index - 1]
                    if index <= 3
                    else f"Fase {index}",
                    "description": "",
                    "milestones": milestones,
                },
            }
        )
    return raw


class TemplateFactory(DjangoModelFactory[ProcessTemplate]):
    """A published drejebog: 2 phases × 3 milestones, three roles, one tool at milestones 1–2."""

    class Meta:
        model = ProcessTemplate

    class Params:
        tool = factory.LazyFunction(make_tool)
        phase_count = 2
        per_phase = 3

    title = factory.Sequence(lambda n: f"Samdrift mellem boligafdelinger {n}")
    slug = factory.Sequence(lambda n: f"drejebog-{n}")
    kind = ProcessKind.SAMDRIFT
    summary = "Sådan etablerer to eller flere afdelinger et fælles driftsfællesskab."
    source = "Drejebog for samdrift (2010)"
    version = 1
    live = True
    roles = factory.LazyFunction(
        lambda: [
            {"type": "role", "value": {"key": key, "name": name, "description": ""}}
            for key, name in ROLES
        ]
    )
    phases = factory.LazyAttribute(
        lambda o: phases_raw(o.tool, phases=o.phase_count, per_phase=o.per_phase)
    )
    advice = factory.LazyFunction(
        lambda: [
            {"type": "advice", "value": {"title": "Skab ejerskab", "text": "Inddrag alle."}},
            {"type": "advice", "value": {"title": "Kommuniker", "text": ""}},
        ]
    )


class ProcessFactory(factory.Factory[Process]):
    """A process started through ``process_start``; pass ``actor`` and ``organisation``."""

    class Meta:
        model = Process

    template = factory.SubFactory(TemplateFactory)
    title = factory.Sequence(lambda n: f"Samdrift i Fjordbo {n}")
    starts_on = date(2026, 1, 5)

    @classmethod
    def _create(cls, model_class: type[Process], *args: Any, **kwargs: Any) -> Process:
        kwargs.setdefault("departments", ())
        return process_start(**kwargs)
