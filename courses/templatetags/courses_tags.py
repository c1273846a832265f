from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import template

from courses.blocks import quiz_field_name

register = template.Library()


@dataclass(frozen=True)
class PublicQuestion:
    """What the browser may know about a question: its text and options, never the answers."""

    text: str
    options: tuple[str, ...]
    multiple: bool
    field_name: str


@register.simple_tag
def quiz_questions(quiz: Mapping[str, Any], quiz_id: str) -> list[PublicQuestion]:
    questions = []
    for index, question in enumerate(quiz["questions"]):
        options = list(question["options"])
        questions.append(
            PublicQuestion(
                text=question["question"],
                options=tuple(option["text"] for option in options),
                multiple=sum(1 for option in options if option["correct"]) > 1,
                field_name=quiz_field_name(quiz_id, index),
            )
        )
    return questions


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """``{{ mapping|get_item:key }}`` — a dict lookup by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)
