"""Wagtail's own first rows in Danish: the root page and collection, its default groups, and the
workflow and task made from them ("Moderators approval"). They are data, not catalogue strings,
so the project's Danish catalogue cannot reach them; editors see them in the admin. A row that an
installation has renamed already is left alone."""

from django.db import migrations

RENAMES = {
    ("wagtailcore", "Page"): ("title", {"Root": "Rod"}),
    ("wagtailcore", "Collection"): ("name", {"Root": "Rod"}),
    ("auth", "Group"): ("name", {"Moderators": "Moderatorer", "Editors": "Redaktører"}),
    ("wagtailcore", "Workflow"): ("name", {"Moderators approval": "Godkendelse af moderatorer"}),
    ("wagtailcore", "Task"): ("name", {"Moderators approval": "Godkendelse af moderatorer"}),
}


def rename(apps, schema_editor, *, backwards=False):  # type: ignore[no-untyped-def]
    for (app_label, model_name), (field, names) in RENAMES.items():
        model = apps.get_model(app_label, model_name)
        for old, new in names.items():
            before, after = (new, old) if backwards else (old, new)
            if model_name in ("Page", "Collection"):
                # Only the tree's root (depth 1), never a page an editor happened to call "Root".
                model.objects.filter(depth=1, **{field: before}).update(**{field: after})
            elif not model.objects.filter(**{field: after}).exists():
                model.objects.filter(**{field: before}).update(**{field: after})


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    rename(apps, schema_editor)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
