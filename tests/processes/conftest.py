"""Fixtures shared by the processes tests (registered here so that tests take them by name).

Helpers add their own fixture modules below; each module's fixtures are imported by name.
"""

from tests.processes.records_fixtures import dorte, milestone, process  # noqa: F401
