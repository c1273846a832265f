"""The course fixtures the kernel's cross-app tests share with tests/courses: its Fjordbo (whose
enrolments need approval), Karen and Lars, a course and a session. The catalogue's providers and
editors come from the shared world (tests/world.py)."""

from tests.courses.conftest import (  # noqa: F401  (fixtures, found by pytest by name)
    course,
    fjordbo,
    karen,
    lars,
    session,
)
