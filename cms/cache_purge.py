"""What purges the anonymous page cache (core.page_cache) from the site's side.

Any page published, unpublished, moved or deleted, and any change to the site settings or the
main menu, purges every cached page ("site"): menus, teasers on the home page and the lists of
news, courses and events all show other pages. The guides and the competence framework are
shown on the catalogue's pages ("catalogue").
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import page_cache


def site_changed(**kwargs: Any) -> None:
    transaction.on_commit(page_cache.bump_on_commit(page_cache.SITE))


def page_deleted(sender: type[Any], instance: object, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        site_changed()


def catalogue_changed(**kwargs: Any) -> None:
    transaction.on_commit(page_cache.bump_on_commit("catalogue"))


def connect() -> None:
    from cms.models import MainMenu, MainMenuItem, SiteSettings
    from competencies.models import Competence, Guide, GuideCompetence

    page_published.connect(site_changed, dispatch_uid="cms.purge.published")
    page_unpublished.connect(site_changed, dispatch_uid="cms.purge.unpublished")
    post_page_move.connect(site_changed, dispatch_uid="cms.purge.moved")
    post_delete.connect(page_deleted, dispatch_uid="cms.purge.page_deleted")
    for model in (SiteSettings, MainMenu, MainMenuItem):
        for signal in (post_save, post_delete):
            signal.connect(site_changed, sender=model, dispatch_uid=f"cms.purge.{model.__name__}")
    for framework_model in (Guide, GuideCompetence, Competence):
        for signal in (post_save, post_delete):
            signal.connect(
                catalogue_changed,
                sender=framework_model,
                dispatch_uid=f"cms.purge.{framework_model.__name__}",
            )
