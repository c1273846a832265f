"""``manage.py migrations_check_safe`` (issue 17): migrations the running release survives.

The rules are tried on synthetic migrations built here (an app ``shop`` with a large table
``shop_order`` and a small one ``shop_tag``), then on the project's own migrations with the
committed baseline, then the list of large tables against the scale data set it was counted from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.postgres.constraints import ExclusionConstraint
from django.core.management import ManagementUtility, call_command
from django.db import connection, models
from django.db.migrations import operations as ops
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration

from core.migration_operations import AddIndexConcurrentlyOnPostgres
from core.ops import migration_safety
from core.ops.migration_safety import (
    DROP,
    INDEX,
    LARGE_TABLE_ROWS,
    NOT_NULL,
    RENAME,
    check_migrations,
    check_project,
    large_tables,
    read_baseline,
    read_scale_tables,
)
from courses.models import CourseSession, Enrolment
from lms.management.commands.migrations_scale_tables import sizes_line
from lms.scale.sizes import SIZES
from onsite.models import LogEntry
from organisations.models import Department, Membership, Organisation, User

# The baseline may only shrink: lower this when a line goes, never raise it.
BASELINE_CEILING = 19


def migration(name: str, *operations: ops.base.Operation, app: str = "shop") -> Migration:
    # operations is a class attribute, as in a migration file.
    cls: type[Migration] = type("Migration", (Migration,), {"operations": list(operations)})
    return cls(name, app)


def initial() -> Migration:
    return migration(
        "0001_initial",
        ops.CreateModel(
            "Tag",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("name", models.CharField(max_length=20)),
            ],
        ),
        ops.CreateModel(
            "Order",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("note", models.TextField(default="")),
                ("code", models.CharField(max_length=10, db_column="order_code")),
                ("total", models.IntegerField(null=True)),
            ],
        ),
    )


def check(*migrations: Migration) -> list[tuple[str, str]]:
    violations = check_migrations([initial(), *migrations], large_tables={"shop_order"})
    return [(v.rule, v.target) for v in violations]


def state_only_removal(name: str, *operations: ops.base.Operation) -> Migration:
    return migration(
        name,
        ops.SeparateDatabaseAndState(state_operations=list(operations), database_operations=[]),
    )


def database_only(name: str, *operations: ops.base.Operation) -> Migration:
    return migration(name, ops.SeparateDatabaseAndState(database_operations=list(operations)))


# --- a. Drops and renames -------------------------------------------------------------------


def test_a_drop_in_one_step_fails() -> None:
    assert check(migration("0002_drop", ops.RemoveField("order", "note"))) == [
        (DROP, "shop_order.note")
    ]


def test_the_two_step_drop_passes() -> None:
    assert (
        check(
            state_only_removal("0002_forget_note", ops.RemoveField("order", "note")),
            database_only("0003_drop_note", ops.RemoveField("order", "note")),
        )
        == []
    )


def test_the_second_step_may_be_raw_sql() -> None:
    assert (
        check(
            state_only_removal("0002_forget_note", ops.RemoveField("order", "note")),
            migration("0003_drop_note", ops.RunSQL('ALTER TABLE "shop_order" DROP COLUMN "note"')),
        )
        == []
    )


def test_both_steps_in_one_migration_fail() -> None:
    both = migration(
        "0002_drop",
        ops.SeparateDatabaseAndState(
            state_operations=[ops.RemoveField("order", "note")],
            database_operations=[ops.RemoveField("order", "note")],
        ),
    )
    assert check(both) == [(DROP, "shop_order.note")]


def test_a_database_drop_without_the_state_step_before_fails() -> None:
    assert check(
        migration("0002_drop", ops.RunSQL("ALTER TABLE shop_order DROP COLUMN IF EXISTS note;"))
    ) == [(DROP, "shop_order.note")]


def test_a_database_drop_of_another_column_than_the_one_forgotten_fails() -> None:
    assert check(
        state_only_removal("0002_forget_note", ops.RemoveField("order", "note")),
        migration("0003_drop", ops.RunSQL("ALTER TABLE shop_order DROP COLUMN total")),
    ) == [(DROP, "shop_order.total")]


def test_a_column_is_named_by_its_db_column() -> None:
    assert check(migration("0002_drop", ops.RemoveField("order", "code"))) == [
        (DROP, "shop_order.order_code")
    ]


def test_deleting_a_model_in_one_step_fails_and_in_two_passes() -> None:
    assert check(migration("0002_drop", ops.DeleteModel("Tag"))) == [(DROP, "shop_tag")]
    assert (
        check(
            state_only_removal("0002_forget_tag", ops.DeleteModel("Tag")),
            database_only("0003_drop_tag", ops.DeleteModel("Tag")),
        )
        == []
    )
    assert (
        check(
            state_only_removal("0002_forget_tag", ops.DeleteModel("Tag")),
            migration("0003_drop_tag", ops.RunSQL("DROP TABLE IF EXISTS shop_tag")),
        )
        == []
    )


def test_renames_fail() -> None:
    assert check(migration("0002", ops.RenameField("order", "note", "comment"))) == [
        (RENAME, "shop_order.note")
    ]
    assert check(migration("0002", ops.RenameModel("Tag", "Label"))) == [(RENAME, "shop_tag")]
    assert check(migration("0002", ops.AlterModelTable("tag", "shop_label"))) == [
        (RENAME, "shop_tag")
    ]
    assert check(
        migration("0002", ops.AlterField("order", "code", models.CharField(max_length=10)))
    ) == [(RENAME, "shop_order.order_code")]
    assert check(migration("0002", ops.RunSQL("ALTER TABLE shop_tag RENAME COLUMN name TO t"))) == [
        (RENAME, "shop_tag")
    ]


def test_renames_that_leave_the_database_alone_pass() -> None:
    # The field keeps its column through db_column; a state-only rename touches nothing.
    assert check(migration("0002", ops.RenameField("order", "code", "reference"))) == []
    assert (
        check(
            migration(
                "0002",
                ops.SeparateDatabaseAndState(
                    state_operations=[ops.RenameField("order", "note", "comment")]
                ),
            )
        )
        == []
    )
    assert check(migration("0002", ops.AlterModelTable("tag", "shop_tag"))) == []


# --- b. Indexes on large tables -------------------------------------------------------------


def test_add_index_on_a_large_table_fails_and_concurrently_passes() -> None:
    index = models.Index(fields=["total"], name="order_total_idx")
    assert check(migration("0002", ops.AddIndex("order", index))) == [
        (INDEX, "shop_order:order_total_idx")
    ]
    assert check(migration("0002", AddIndexConcurrentlyOnPostgres("order", index))) == []


def test_add_index_on_a_small_table_passes() -> None:
    index = models.Index(fields=["name"], name="tag_name_idx")
    assert check(migration("0002", ops.AddIndex("tag", index))) == []


def test_every_other_way_to_build_an_index_on_a_large_table_fails() -> None:
    unique = models.UniqueConstraint(fields=["code"], name="order_code_unique")
    exclusion = ExclusionConstraint(name="order_excl", expressions=[("total", "=")])
    indexed: models.Field[Any, Any] = models.IntegerField(null=True, db_index=True)
    fk: models.Field[Any, Any] = models.ForeignKey("shop.Tag", models.SET_NULL, null=True)
    cases = [
        (ops.AlterField("order", "total", indexed), "total"),
        (ops.AddField("order", "rank", indexed), "rank"),
        (ops.AddField("order", "tag", fk), "tag"),
        (ops.AddConstraint("order", unique), "order_code_unique"),
        (ops.AddConstraint("order", exclusion), "order_excl"),
        (ops.AlterUniqueTogether("order", {("code", "total")}), "unique_together"),
        (ops.AlterIndexTogether("order", {("code", "total")}), "index_together"),
        (ops.RunSQL("CREATE UNIQUE INDEX order_total ON public.shop_order (total)"), "sql"),
    ]
    for operation, what in cases:
        assert check(migration("0002", operation)) == [(INDEX, f"shop_order:{what}")], operation


def test_concurrent_sql_and_a_check_constraint_pass() -> None:
    check_constraint = models.CheckConstraint(
        condition=models.Q(total__gte=0), name="order_total_positive"
    )
    assert check(migration("0002", ops.AddConstraint("order", check_constraint))) == []
    sql = "CREATE INDEX CONCURRENTLY order_total ON shop_order (total)"
    assert check(migration("0002", ops.RunSQL(sql))) == []


def test_a_new_table_may_get_its_indexes_in_the_migration_that_creates_it() -> None:
    create = ops.CreateModel("Line", [("id", models.BigAutoField(primary_key=True))])
    fk = ops.AddField("line", "order", models.ForeignKey("shop.Order", models.CASCADE))
    violations = check_migrations(
        [initial(), migration("0002", create, fk)], large_tables={"shop_line"}
    )
    assert violations == []


# --- NOT NULL without a database default ----------------------------------------------------


def test_add_field_not_null_without_db_default_on_a_large_table_fails() -> None:
    assert check(migration("0002", ops.AddField("order", "paid", models.BooleanField()))) == [
        (NOT_NULL, "shop_order.paid")
    ]
    # default= is Django's, not the database's: gone after the migration.
    assert check(
        migration("0002", ops.AddField("order", "paid", models.BooleanField(default=False)))
    ) == [(NOT_NULL, "shop_order.paid")]


def test_add_field_not_null_fails_on_a_small_table_too() -> None:
    # The old code's INSERT names no such column, whatever the table's size.
    assert check(
        migration("0002", ops.AddField("tag", "rank", models.IntegerField(default=0)))
    ) == [(NOT_NULL, "shop_tag.rank")]


def test_add_field_with_db_default_or_null_passes() -> None:
    with_default = ops.AddField("order", "paid", models.BooleanField(db_default=False))
    nullable = ops.AddField("order", "paid_at", models.DateTimeField(null=True))
    assert check(migration("0002", with_default, nullable)) == []


def test_the_worked_example_of_the_docs_passes_release_by_release() -> None:
    # docs/operations.md: rename a column in four releases.
    new: models.Field[Any, Any] = models.CharField(max_length=40, blank=True, db_default="")
    releases = [
        migration("0002_add_reference", ops.AddField("order", "reference", new)),
        migration(
            "0003_forget_code",
            ops.AlterField(
                "order", "code", models.CharField(max_length=10, null=True, db_column="order_code")
            ),
            ops.SeparateDatabaseAndState(state_operations=[ops.RemoveField("order", "code")]),
            AddIndexConcurrentlyOnPostgres("order", models.Index(fields=["reference"], name="ref")),
        ),
        database_only("0004_drop_code", ops.RemoveField("order", "code")),
    ]
    assert check(*releases) == []
    assert check(migration("0002", ops.RenameField("order", "code", "reference"))) == []
    assert check(migration("0002", ops.AlterField("order", "code", new))) == [
        (RENAME, "shop_order.order_code")
    ]


# --- Which migrations, and the messages -----------------------------------------------------


def test_only_the_checked_apps_are_checked() -> None:
    # A library's migrations come with the library: replayed for the state, never reported.
    library = migration("0002_library", ops.RemoveField("order", "note"))
    assert check_migrations([initial(), library], large_tables=set(), checked_apps={"ours"}) == []
    found = check_migrations([initial(), library], large_tables=set(), checked_apps={"shop"})
    assert [(v.migration, v.target) for v in found] == [("0002_library", "shop_order.note")]


def test_the_message_names_app_migration_operation_and_fix() -> None:
    (violation,) = check_migrations(
        [initial(), migration("0002_drop_note", ops.RemoveField("order", "note"))],
        large_tables=set(),
    )
    message = violation.message()
    assert message.startswith("shop 0002_drop_note: RemoveField order.note ")
    assert "SeparateDatabaseAndState(state_operations=[RemoveField" in message
    assert violation.key == "shop 0002_drop_note drop shop_order.note"


# --- The project ----------------------------------------------------------------------------


def test_the_projects_migrations_pass_with_the_baseline() -> None:
    report = check_project()
    assert [v.message() for v in report.new] == []
    assert report.stale == []


def test_the_baseline_names_only_existing_migrations_and_only_shrinks() -> None:
    entries = read_baseline()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    missing = [e.key for e in entries if (e.app_label, e.migration) not in loader.disk_migrations]
    assert missing == []
    assert len(entries) <= BASELINE_CEILING
    assert len({e.key for e in entries}) == len(entries)


def test_the_command_passes_on_the_project(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("migrations_check_safe")
    out = capsys.readouterr().out
    assert re.search(r"Migrationerne er sikre at udrulle \(\d+ ældre", out)


def test_the_command_exits_1_naming_a_violation_the_baseline_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = migration_safety.BASELINE_FILE.read_text(encoding="utf-8").splitlines()
    dropped = next(line for line in lines if line and not line.startswith("#"))
    baseline = tmp_path / "baseline.txt"
    stale = "shop 0099_gone drop shop_order.note — released before the check"
    baseline.write_text("\n".join([*(line for line in lines if line != dropped), stale]) + "\n")
    monkeypatch.setattr(migration_safety, "BASELINE_FILE", baseline)

    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "migrations_check_safe"]).execute()

    assert exit_.value.code == 1
    err = capsys.readouterr().err
    app_label, name = dropped.split()[:2]
    assert f"{app_label} {name}: AddField" in err
    assert "Ret: " in err
    assert "«shop 0099_gone drop shop_order.note» findes ikke længere" in err
    assert "1 usikre migrationsoperationer, 1 forældede linjer" in err


# --- The large tables: counted from the scale data set --------------------------------------


def test_the_scale_tables_were_counted_at_todays_xl_sizes() -> None:
    text = migration_safety.SCALE_TABLES_FILE.read_text(encoding="utf-8")
    assert sizes_line(SIZES["xl"]) in text.splitlines(), (
        "lms/scale/sizes.py changed since core/ops/scale_tables.txt was counted: build xl and "
        "run manage.py migrations_scale_tables (its docstring says how)."
    )


def test_the_counts_are_the_sizes_figures() -> None:
    xl = SIZES["xl"]
    rows = read_scale_tables()
    assert rows[LogEntry._meta.db_table] == xl.log_entries
    assert rows[Enrolment._meta.db_table] == xl.enrolments
    assert rows[User._meta.db_table] == xl.people
    assert rows[Membership._meta.db_table] == xl.people
    assert rows[Department._meta.db_table] == xl.departments
    assert rows[CourseSession._meta.db_table] == xl.sessions
    assert rows[Organisation._meta.db_table] == xl.organisations
    large = large_tables(rows)
    assert {LogEntry._meta.db_table, Enrolment._meta.db_table, User._meta.db_table} <= large
    assert Organisation._meta.db_table not in large
    assert all(rows[table] > LARGE_TABLE_ROWS for table in large)


@pytest.mark.django_db
def test_every_table_the_scale_builders_write_was_counted() -> None:
    # A builder writing a new table makes the committed counts stale: the tiny size writes
    # every kind of row in seconds.
    before = _non_empty_tables()
    call_command("seed_scale", size="tiny", stdout=_Quiet())
    written = _non_empty_tables() - before
    assert written, "the tiny build wrote nothing"
    # Wagtail's full-text table on SQLite; on PostgreSQL the index lives in wagtailsearch_indexentry.
    sqlite_only = {"wagtailsearch_indexentry_fts"}
    assert written - sqlite_only - set(read_scale_tables()) == set()


def _non_empty_tables() -> set[str]:
    # The models' tables, as migrations_scale_tables counts them (not SQLite's search tables).
    models_tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    tables = set()
    with connection.cursor() as cursor:
        for table in sorted(models_tables & set(connection.introspection.table_names(cursor))):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                tables.add(table)
    return tables


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass
