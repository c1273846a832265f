"""Build the scale data set: every step in order, in one transaction, then the derived figures
and the search index once at the end."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from lms.scale import catalogue, competences, enrolments, guard, onsite, organisations
from lms.scale.progress import Progress
from lms.scale.sizes import SIZES
from lms.scale.state import Build
from lms.scale.writer import Writer

# The apps' "rebuild every derived figure" entry points (summary rows, aggregates), called once
# after the bulk rows, which bypass the services that keep them up to date row by row.
DERIVED_FIGURES = (
    "competencies.services.summaries_rebuild",
    "courses.services.course_figures_rebuild",
)


def seed_scale(*, size: str, seed: int, write: Callable[[str], None]) -> Progress:
    """Check the database, build ``size`` and return the progress with its counts."""
    guard.database_check()
    progress = Progress(write)
    now = timezone.now()
    b = Build(
        size=SIZES[size],
        rng=random.Random(seed),
        writer=Writer(),
        progress=progress,
        now=now,
        today=timezone.localdate(now),
    )
    # Nothing is e-mailed from a scale database (onboarding a provider notifies nobody, but
    # no step may ever reach a real address).
    with (
        override_settings(EMAIL_DELIVERY_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        organisations.build(b)
        catalogue.build(b)
        enrolments.build(b)
        competences.build(b)
        onsite.build(b)
        b.writer.sequences_reset()
        b.writer.analyze()
        # The commit checks every row's foreign keys (Django makes them deferred on
        # PostgreSQL): at xl it is a step of its own.
        committing = time.monotonic()
    progress.note("commit", time.monotonic() - committing)
    for path in DERIVED_FIGURES:
        with progress.step(f"afledte tal: {path.rsplit('.', 1)[-1]}"):
            import_string(path)()
    with progress.step("søgeindeks"):
        call_command("update_index", verbosity=0)
    return progress
