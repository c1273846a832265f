"""Give pages whose slug lost its Danish letters a proper slug, and redirect the old address.

Before core.slugs, page slugs were made with Django's ``slugify``, which drops æ and ø
("byggelring-aps", "lringsforlb"), or with Wagtail's unicode slugs ("læringsforløb"). A page is
renamed only when its slug is exactly what one of those made from its title (or still holds
non-ASCII letters), so a slug an editor chose by hand is left alone. The old address of the page
and of every page below it gets a permanent redirect to the page itself (not to a path), so it
keeps working if the page moves again. Historical models only: no Wagtail model methods here.
"""

from django.db import migrations
from django.utils.text import slugify

from core.slugs import danish_slugify, slug_is_lossy


def _new_slug(title: str, slug: str) -> str | None:
    made_from_title = slug in {slugify(title), slugify(title, allow_unicode=True)}
    if made_from_title or slug_is_lossy(slug):
        wanted = danish_slugify(title) if made_from_title else danish_slugify(slug)
        if wanted and wanted != slug:
            return wanted
    return None


def _free_slug(Page, page, wanted: str) -> str:
    parent_path = page.path[:-4]  # Wagtail's tree paths have four characters per level.
    siblings = Page.objects.filter(path__startswith=parent_path, depth=page.depth).exclude(
        pk=page.pk
    )
    taken = set(siblings.values_list("slug", flat=True))
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def _site_paths(Site, url_path: str) -> list[tuple[object, str]]:
    """(site, path on that site) for every site whose root holds the page."""
    found = []
    for site in Site.objects.select_related("root_page"):
        root = site.root_page.url_path
        if url_path.startswith(root):
            found.append((site, "/" + url_path[len(root) :].rstrip("/")))
    return found


def _rename(apps, page, new_slug: str) -> None:
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    Revision = apps.get_model("wagtailcore", "Revision")
    old_prefix = page.url_path
    new_prefix = old_prefix[: -len(page.slug) - 1] + new_slug + "/"
    tree = Page.objects.filter(path__startswith=page.path).order_by("path")
    for node in tree:
        for site, old_path in _site_paths(Site, node.url_path):
            Redirect.objects.get_or_create(
                old_path=old_path,
                site=site,
                defaults={"redirect_page_id": node.pk, "is_permanent": True},
            )
        node.url_path = new_prefix + node.url_path[len(old_prefix) :]
        if node.pk == page.pk:
            node.slug = new_slug
        node.save(update_fields=["url_path", "slug"])
    # The editor opens the latest revision: it must not bring the old slug back on publish.
    for revision in Revision.objects.filter(object_id=str(page.pk)):
        if isinstance(revision.content, dict) and revision.content.get("slug") == page.slug:
            revision.content["slug"] = new_slug
            revision.content["url_path"] = new_prefix
            revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    # Shallow pages first: a renamed parent has already rewritten its children's url_path.
    for page in Page.objects.filter(depth__gt=1).order_by("depth", "path"):
        page.refresh_from_db()
        wanted = _new_slug(page.title, page.slug)
        if wanted:
            _rename(apps, page, _free_slug(Page, page, wanted))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_calendar_feed"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
