"""Refuse to write the scale data set into a database that holds anything else.

The data set writes rows straight into tables with ids of its own choosing and gives a few
hundred people a published password, so it must never meet real data or the demo. A database
fresh from ``migrate`` holds only the migrations' own rows (guides, framework, job functions,
role profiles, Wagtail's root and welcome page, groups): those are fine. Everything the data set
makes is recognisable by the scale e-mail domain (people and organisations alike).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page

from lms.scale.logins import EMAIL_DOMAIN
from organisations.models import Organisation

SCALE_SUFFIX = f"@{EMAIL_DOMAIN}"


def database_check() -> None:
    """Raise ``CommandError`` unless the database holds only what ``migrate`` put there."""
    if _scale_rows_exist():
        raise CommandError(
            _(
                "Databasen har allerede et skala-datasæt. Byg det i en tom database: "
                "dropdb/createdb, migrate og seed_scale igen."
            )
        )
    foreign = _foreign_rows()
    if foreign:
        raise CommandError(
            _(
                "seed_scale kører kun mod en database med sine egne data, og denne indeholder "
                "andet: %(what)s. Brug en database for sig selv (fx almen_scale_s) — intet er "
                "ændret."
            )
            % {"what": ", ".join(foreign)}
        )


def _scale_rows_exist() -> bool:
    users = get_user_model().objects.filter(email__iendswith=SCALE_SUFFIX)
    organisations = Organisation.objects.filter(email__iendswith=SCALE_SUFFIX)
    return users.exists() or organisations.exists()


def _foreign_rows() -> list[str]:
    found = []
    organisations = Organisation.objects.exclude(email__iendswith=SCALE_SUFFIX).count()
    if organisations:
        found.append(_("%(count)d organisationer") % {"count": organisations})
    people = get_user_model().objects.exclude(email__iendswith=SCALE_SUFFIX).count()
    if people:
        found.append(_("%(count)d personer") % {"count": people})
    pages = _pages_beyond_wagtail_welcome()
    if pages:
        found.append(_("%(count)d sider") % {"count": pages})
    return found


def _pages_beyond_wagtail_welcome() -> int:
    """Pages other than the tree's root and the plain welcome page Wagtail's migration makes."""
    plain = ContentType.objects.get_for_model(Page)
    welcome = Page.objects.filter(depth=2, content_type=plain, numchild=0)
    pages: int = Page.objects.filter(depth__gt=1).exclude(pk__in=welcome.values("pk")).count()
    return pages
