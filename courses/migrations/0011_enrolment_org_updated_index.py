# The API's updated_since list of an organisation's enrolments (issue 16).

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run in a transaction: 500,000 enrolments stay writable
    # while the index is built.
    atomic = False

    dependencies = [
        ("courses", "0010_scale_counters"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="enrolment",
            index=models.Index(
                fields=["organisation", "updated_at"], name="courses_enrol_org_updated"
            ),
        ),
    ]
