"""On PostgreSQL the database itself keeps the access log append-only.

UPDATE is refused unless it only detaches a person (actor_id / subject_id change, e.g. to NULL
when the user row goes, or to the "Slettet bruger" placeholder on erasure; ip_network emptied). DELETE is refused
unless the transaction set ``lms.audit_purge`` (only core.audit.audit_purge does) and the row is
older than the shortest retention (90 days). TRUNCATE stays possible for the test runner's flush
and for an operator restoring a backup. SQLite has no session settings: there the model's guards
are the protection.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_accessevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.id = OLD.id
           AND NEW.at = OLD.at
           AND NEW.action = OLD.action
           AND NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id
           AND NEW.object_type = OLD.object_type
           AND NEW.object_id = OLD.object_id
           AND (NEW.ip_network IS NULL OR NEW.ip_network IS NOT DISTINCT FROM OLD.ip_network)
           AND NEW.detail IS NOT DISTINCT FROM OLD.detail THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'core_accessevent is append-only: only actor_id, subject_id and ip_network (to NULL) may change';
    END IF;
    IF current_setting('lms.audit_purge', true) = 'on'
       AND OLD.at < now() - interval '90 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'core_accessevent is append-only: rows leave only through the retention purge';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_accessevent_append_only
    BEFORE UPDATE OR DELETE ON core_accessevent
    FOR EACH ROW EXECUTE FUNCTION core_accessevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_accessevent_append_only ON core_accessevent;
DROP FUNCTION IF EXISTS core_accessevent_append_only();
"""


def _on_postgresql(sql: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_access_event")]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
