"""The course fixtures (catalogue, providers, learners), shared with the kernel's cross-app tests."""

from tests.courses.conftest import (  # noqa: F401  (fixtures, found by pytest by name)
    akademi,
    byggelaering,
    catalogue,
    course,
    fjordbo,
    home,
    jonas,
    karen,
    lars,
    maria,
    session,
    sofie,
)
