"""Wagtail pages for tests: a site root, and a factory that adds a page as a child in the tree.

Pages cannot be saved on their own (the tree decides their path), so ``PageFactory`` takes the
``parent`` and adds the page below it, then saves a revision and publishes it unless
``publish=False`` (the page then stays a draft, ``live=False``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

P = TypeVar("P", bound=Page)


def add_child(parent: Page, page: P, *, publish: bool = True) -> P:
    """Add ``page`` below ``parent``, save a revision and publish it (or leave it a draft)."""
    if not publish:
        page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


class PageFactory(DjangoModelFactory[P]):
    """Base for page factories: ``Factory(parent=…, publish=True, **fields)``."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: type[Any], *args: Any, **kwargs: Any) -> Any:
        parent = kwargs.pop("parent")
        publish = kwargs.pop("publish", True)
        return add_child(parent, model_class(*args, **kwargs), publish=publish)


def site_root(page: Page) -> Page:
    """Make ``page`` the root of the default site (localhost:80)."""
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": page, "port": 80}
    )
    return page


def home_page(title: str = "Forside", slug: str = "forside", **fields: Any) -> Page:
    """A bare home page under the tree's root, made the default site's root."""
    from cms.models import HomePage

    home = HomePage(title=title, slug=slug, hero_heading=fields.pop("hero_heading", "Velkommen"))
    for name, value in fields.items():
        setattr(home, name, value)
    root = Page.get_first_root_node()
    assert root is not None  # the migrations create it
    root.add_child(instance=home)
    site_root(home)
    return home
