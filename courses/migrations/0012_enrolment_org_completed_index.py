# The HR dashboard's "brugt på gennemførte kurser" reads an organisation's completions of one
# year (issue 16): by organisation, status and completion date instead of every completion.

from django.db import migrations, models

from core.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run in a transaction: 500,000 enrolments stay writable
    # while the index is built.
    atomic = False

    dependencies = [
        ("courses", "0011_enrolment_org_updated_index"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="enrolment",
            index=models.Index(
                fields=["organisation", "status", "completed_at"], name="courses_enrol_org_done"
            ),
        ),
    ]
