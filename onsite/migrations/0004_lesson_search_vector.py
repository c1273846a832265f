"""Lesson search with PostgreSQL full text: a stored Danish vector kept by a trigger, filled
for the existing rows in batches, and a GIN index built concurrently.

Not atomic: ``CREATE INDEX CONCURRENTLY`` cannot run in a transaction, and each backfill batch
commits on its own, so a large table is never locked for the whole backfill. Everything here is
PostgreSQL-only except the field and the plain index; SQLite keeps an empty column and searches
with icontains (``LessonQuerySet.matching``).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import core.migration_operations

BATCH = 5_000

# One definition of the vector, used by the trigger and the backfill alike: a title match
# ranks above the lesson, the lesson above the story and the change (SearchRank's weights).
VECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION onsite_lesson_vector(
    title text, what_we_learned text, summary text, do_differently text
) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('pg_catalog.danish', coalesce(title, '')), 'A')
        || setweight(to_tsvector('pg_catalog.danish', coalesce(what_we_learned, '')), 'B')
        || setweight(to_tsvector('pg_catalog.danish', coalesce(summary, '')), 'C')
        || setweight(to_tsvector('pg_catalog.danish', coalesce(do_differently, '')), 'C')
$$;

CREATE OR REPLACE FUNCTION onsite_lesson_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := onsite_lesson_vector(
        NEW.title, NEW.what_we_learned, NEW.summary, NEW.do_differently
    );
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS onsite_lesson_search_vector ON onsite_lesson;
-- On every insert (also bulk inserts and COPY) and on every update that names a text column.
CREATE TRIGGER onsite_lesson_search_vector
    BEFORE INSERT OR UPDATE OF title, what_we_learned, summary, do_differently
    ON onsite_lesson FOR EACH ROW EXECUTE FUNCTION onsite_lesson_search_vector();
"""

DROP_VECTOR_FUNCTION = """
DROP TRIGGER IF EXISTS onsite_lesson_search_vector ON onsite_lesson;
DROP FUNCTION IF EXISTS onsite_lesson_search_vector();
DROP FUNCTION IF EXISTS onsite_lesson_vector(text, text, text, text);
"""

BACKFILL = """
UPDATE onsite_lesson
SET search_vector = onsite_lesson_vector(title, what_we_learned, summary, do_differently)
WHERE id > %s AND id <= %s
"""


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(VECTOR_FUNCTION)


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_VECTOR_FUNCTION)


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The vector of every existing lesson, ``BATCH`` ids per statement (each commits alone)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM onsite_lesson")
        (last,) = cursor.fetchone()
        for start in range(0, last, BATCH):
            cursor.execute(BACKFILL, [start, start + BATCH])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("onsite", "0003_lesson_from_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="lesson",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        core.migration_operations.AddIndexConcurrentlyOnPostgres(
            model_name="lesson",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="onsite_lesson_search"
            ),
            postgres_only=True,
        ),
        core.migration_operations.AddIndexConcurrentlyOnPostgres(
            model_name="lesson",
            index=models.Index(
                condition=models.Q(("withdrawn_at__isnull", True)),
                fields=["-published_at", "-id"],
                name="onsite_lesson_published",
            ),
        ),
    ]
