# Session counters and course figures for the catalogue at sector scale (issue 16).

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

SEAT_STATUSES = ("booked", "attended", "no_show", "completed", "not_passed")


def count_existing(apps, schema_editor):
    """Fill the new counters from the rows (courses.services.course_figures_rebuild, frozen)."""
    session_model = apps.get_model("courses", "CourseSession")
    enrolment_model = apps.get_model("courses", "Enrolment")
    evaluation_model = apps.get_model("courses", "Evaluation")
    summary_model = apps.get_model("courses", "CourseSummary")
    rows = enrolment_model.objects.filter(session_id=OuterRef("pk")).order_by().values("session_id")
    seats = rows.filter(status__in=SEAT_STATUSES).annotate(n=Count("pk")).values("n")
    waiting = rows.filter(status="waitlisted").annotate(n=Count("pk")).values("n")
    session_model.objects.update(
        seats_taken=Coalesce(Subquery(seats), 0), waitlist_length=Coalesce(Subquery(waiting), 0)
    )
    ratings = (
        evaluation_model.objects.values("enrolment__course_id")
        .order_by()
        .annotate(count=Count("pk"), total=Sum("rating"))
    )
    summary_model.objects.bulk_create(
        summary_model(
            course_id=row["enrolment__course_id"],
            rating_count=row["count"],
            rating_sum=row["total"],
        )
        for row in ratings
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0009_open_badges"),
    ]

    operations = [
        migrations.CreateModel(
            name="CourseSummary",
            fields=[
                (
                    "course",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="figures",
                        serialize=False,
                        to="courses.coursepage",
                    ),
                ),
                ("rating_count", models.PositiveIntegerField(default=0)),
                ("rating_sum", models.PositiveIntegerField(default=0)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "kursusnøgletal",
                "verbose_name_plural": "kursusnøgletal",
            },
        ),
        migrations.AddField(
            model_name="coursesession",
            name="seats_taken",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="optagne pladser"
            ),
        ),
        migrations.AddField(
            model_name="coursesession",
            name="waitlist_length",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="på venteliste"
            ),
        ),
        migrations.AddIndex(
            model_name="coursesession",
            index=models.Index(fields=["course", "starts_at"], name="courses_session_course_start"),
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop, elidable=True),
    ]
