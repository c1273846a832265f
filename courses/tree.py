"""Where a course sits in Wagtail's page tree: its provider section is always its parent."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet
from django.db.models.functions import Length, Substr

from courses.models import ProviderSectionPage

# Wagtail's tree path: every level adds four characters.
STEPLEN = 4


def section_of_course(field: str = "path") -> QuerySet[ProviderSectionPage]:
    """The provider section of the course whose tree path is the outer query's ``field``.

    A course's parent is always a provider section (``parent_page_types``), whose path is the
    course's path minus its last step; a subquery, for ``Subquery(...values(...)[:1])``.
    """
    parent_path = Substr(OuterRef(field), 1, Length(OuterRef(field)) - STEPLEN)
    sections: QuerySet[ProviderSectionPage] = ProviderSectionPage.objects.filter(path=parent_path)
    return sections
