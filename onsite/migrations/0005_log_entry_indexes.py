"""The project page's figures from one index: (project, status, guide, author, id) on the
learning log, built concurrently on PostgreSQL (a million rows at the sector's size: a plain
CREATE INDEX would block every new entry while it builds), a plain index on SQLite."""

from django.db import migrations, models

import core.migration_operations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("onsite", "0004_lesson_search_vector"),
    ]

    operations = [
        core.migration_operations.AddIndexConcurrentlyOnPostgres(
            model_name="logentry",
            index=models.Index(
                fields=["project", "status", "guide", "author", "id"],
                name="onsite_entry_figures",
            ),
        ),
    ]
