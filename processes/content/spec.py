"""The shapes the network's working methods are written in: tools and drejebøger as data.

A ``ToolSpec`` holds a tool's questions as raw StreamField blocks (``tools.blocks``) with fixed
ids, so installing the same definition twice gives the same blocks and the answers of a filled
sheet keep pointing at the same questions. A ``TemplateSpec`` holds a drejebog: roles, phases,
milestones with who does what, and the advice. Guides are named by code, tools by slug and
competences by their code in the competence framework; ``processes.services.library`` resolves
them when it installs the definitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _items(key: str, values: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    """A ListBlock's raw value with stable item ids."""
    return [{"type": "item", "value": value, "id": f"{key}-{i}"} for i, value in enumerate(values)]


def _question(
    kind: str, key: str, label: str, help_text: str, required: bool, **rest: Any
) -> dict[str, Any]:
    return {
        "type": kind,
        "id": key,
        "value": {"label": label, "help_text": help_text, "required": required, **rest},
    }


def text(
    key: str, label: str, *, help_text: str = "", required: bool = False, multiline: bool = True
) -> dict[str, Any]:
    return _question("text", key, label, help_text, required, multiline=multiline)


def choice(
    key: str,
    label: str,
    options: tuple[str, ...],
    *,
    multiple: bool = False,
    help_text: str = "",
    required: bool = False,
) -> dict[str, Any]:
    return _question(
        "choice", key, label, help_text, required, options=_items(key, options), multiple=multiple
    )


def scale(
    key: str,
    label: str,
    *,
    minimum: int = 1,
    maximum: int = 5,
    low_label: str = "",
    high_label: str = "",
    help_text: str = "",
    required: bool = False,
) -> dict[str, Any]:
    return _question(
        "scale",
        key,
        label,
        help_text,
        required,
        minimum=minimum,
        maximum=maximum,
        low_label=low_label,
        high_label=high_label,
    )


def checklist(
    key: str, label: str, items: tuple[str, ...], *, help_text: str = "", required: bool = False
) -> dict[str, Any]:
    return _question("checklist", key, label, help_text, required, items=_items(key, items))


def table(
    key: str,
    label: str,
    columns: tuple[str, ...],
    *,
    rows: int = 5,
    help_text: str = "",
    required: bool = False,
) -> dict[str, Any]:
    return _question(
        "table", key, label, help_text, required, columns=_items(key, columns), rows=rows
    )


def matrix(
    key: str,
    label: str,
    row_labels: tuple[str, ...],
    column_labels: tuple[str, ...],
    *,
    help_text: str = "",
    required: bool = False,
) -> dict[str, Any]:
    return _question(
        "matrix",
        key,
        label,
        help_text,
        required,
        row_labels=_items(f"{key}-r", row_labels),
        column_labels=_items(f"{key}-c", column_labels),
    )


@dataclass(frozen=True)
class ToolSpec:
    slug: str
    title: str
    kind: str  # tools.models.ToolKind
    source: str
    introduction: str
    fields: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class MilestoneSpec:
    title: str
    purpose: str
    done_when: str
    tasks: tuple[tuple[str, str], ...]  # (role key, task)
    advice: str = ""
    guides: tuple[str, ...] = ()  # Guide.code
    competences: tuple[str, ...] = ()  # Competence.code
    tools: tuple[str, ...] = ()  # Tool.slug
    weeks_after_start: int | None = None


@dataclass(frozen=True)
class PhaseSpec:
    title: str
    description: str
    milestones: tuple[MilestoneSpec, ...]


@dataclass(frozen=True)
class TemplateSpec:
    slug: str
    title: str
    kind: str  # processes.models.ProcessKind
    summary: str
    source: str
    roles: tuple[tuple[str, str, str], ...]  # (key, name, description)
    phases: tuple[PhaseSpec, ...]
    advice: tuple[tuple[str, str], ...] = ()  # (title, text)
    needs_project: bool = False
    milestones_in_order: bool = False

    def milestones(self) -> list[MilestoneSpec]:
        return [milestone for phase in self.phases for milestone in phase.milestones]

    def tool_slugs(self) -> set[str]:
        return {slug for milestone in self.milestones() for slug in milestone.tools}
