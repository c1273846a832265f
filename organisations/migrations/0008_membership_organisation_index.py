from django.db import migrations, models

from core.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run in a transaction. Memberships are 50,000 rows at
    # sector size and written by every HR import: building the index must not block them.
    atomic = False

    dependencies = [
        ("organisations", "0007_person_import_person"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="membership",
            index=models.Index(
                condition=models.Q(("is_active", True)),
                fields=["organisation", "department", "job_function", "user"],
                name="organisations_mship_org_active",
            ),
        ),
    ]
