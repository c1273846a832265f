"""Writes of process templates (drejebøger) beyond what the Wagtail admin does itself.

Publishing a drejebog counts its ``version`` up by one (``template_version_bump``, called on
Wagtail's ``published`` signal, see ``ProcessesConfig.ready``). A running process keeps the
version it started from.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, IntegerField, Max
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Greatest
from wagtail.models import Revision

from processes.models import ProcessTemplate


def _highest_recorded(template: ProcessTemplate) -> int:
    """The highest version any revision of the template carries.

    Publishing saves the object as the revision holds it, and a draft edited from an earlier
    revision carries that revision's (older) number: the database row alone would then count
    from a number too low. Each published revision gets its number written back (below), so the
    highest among them is the version last published.
    """
    found = (
        Revision.objects.for_instance(template)
        .annotate(recorded=Cast(KeyTextTransform("version", "content"), IntegerField()))
        .aggregate(highest=Max("recorded"))
    )
    return int(found["highest"] or 0)


@transaction.atomic
def template_version_bump(*, template: ProcessTemplate, revision: Revision | None = None) -> int:
    """Count the published template's version up by one; return the new version."""
    highest = _highest_recorded(template)
    ProcessTemplate.objects.filter(pk=template.pk).update(
        version=Greatest(F("version"), highest) + 1
    )
    version = ProcessTemplate.objects.values_list("version", flat=True).get(pk=template.pk)
    template.version = version
    if revision is not None:
        content: dict[str, Any] = dict(revision.content)
        content["version"] = version
        Revision.objects.filter(pk=revision.pk).update(content=content)
        revision.content = content
    return version


def on_template_published(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    """Wagtail's ``published`` signal: count a drejebog's version up."""
    if isinstance(instance, ProcessTemplate):
        template_version_bump(template=instance, revision=kwargs.get("revision"))
