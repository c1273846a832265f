"""The organisation report's entries per month from an index, (project, occurred_on, status)
on the learning log: built concurrently on PostgreSQL (a million rows at the sector's size), a
plain index on SQLite. A migration of its own, as databases seeded during issue 16 already
have 0005."""

from django.db import migrations, models

import core.migration_operations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("onsite", "0005_log_entry_indexes"),
    ]

    operations = [
        core.migration_operations.AddIndexConcurrentlyOnPostgres(
            model_name="logentry",
            index=models.Index(
                fields=["project", "occurred_on", "status"], name="onsite_entry_months"
            ),
        ),
    ]
