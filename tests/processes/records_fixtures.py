"""Fixtures of helper C2's tests: a running samdrift process of Fjordbo with Bob named in a role.

Alice (HR and manager of Fjordbo) leads it; Bob (staff) holds the role "driftschef"; Charlie
(HR of Nordlys) is the outsider who must get 404 everywhere; Dorte is a colleague of Alice and
Bob who is not named in the process.
"""

from __future__ import annotations

import pytest

from organisations.models import Organisation, User
from processes.models import Milestone, Process
from processes.services.processes import role_assign
from tests.factories import person
from tests.factories.processes import ProcessFactory, TemplateFactory


@pytest.fixture
def process(alice: User, bob: User, fjordbo: Organisation) -> Process:
    template = TemplateFactory.create()
    started = ProcessFactory.create(actor=alice, organisation=fjordbo, template=template)
    role = started.roles.get(key="driftschef")
    role_assign(actor=alice, process=started, role=role, person=bob)
    return started


@pytest.fixture
def milestone(process: Process) -> Milestone:
    return process.milestones.get(position=1)


@pytest.fixture
def dorte(fjordbo: Organisation) -> User:
    return person("dorte@fjordbo.example", fjordbo, ["staff"], "Dorte", "Dahl")
