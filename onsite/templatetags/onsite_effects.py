"""The project page's effect section (indicators, charts, xAPI and lesson links).

Placeholder until the effects area lands: renders nothing.
"""

from django import template

register = template.Library()


@register.simple_tag
def project_effects(project: object, user: object) -> str:
    return ""
