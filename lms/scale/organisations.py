"""Organisations, departments, people and memberships of the scale data set.

Housing organisations have very different sizes, as in the sector: a few with 2,000 people, a
long tail down to a handful (rank-size weights). Course providers, municipalities, consultants,
contractors and the network secretariat are small. The load profile's people (``logins``) sit in
the largest organisations, where the pages have the most to do.
"""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password

from lms.scale.logins import EMAIL_DOMAIN, PASSWORD, ROLES, TOTP_SECRET, login_email
from lms.scale.state import Build, Org
from organisations.models import Department, JobFunction, Membership, Organisation, User

FIRST_NAMES = (
    "Anne Mette Hanne Susanne Lene Karen Camilla Louise Marianne Charlotte Maria Sofie Ida "
    "Emma Freja Amina Fatima Peter Jens Lars Henrik Søren Thomas Michael Martin Niels Rasmus "
    "Jonas Mikkel Anders Kim Ole Ali Mohammed Jakob Frederik Christian Morten Bo Per"
).split()
LAST_NAMES = (
    "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen "
    "Knudsen Jakobsen Mikkelsen Olesen Frederiksen Laursen Henriksen Lund Holm Schmidt Friis "
    "Yilmaz Hussein Dahl Bech Winther Kjær Vestergaard Berg Skov"
).split()
HOUSING_PREFIXES = (
    "Boligselskabet",
    "Boligforeningen",
    "Den almennyttige boligorganisation",
    "Andelsboligforeningen",
    "Boligkontoret",
)
PLACES = (
    "Fjordbo Nordlys Engparken Søhusene Kløverbo Lærkebo Strandparken Åbo Bakkehuse Skovly "
    "Vesterbo Østervang Solgården Granparken Højvang Kildebo Mosegården Bøgely Egevang Lindebo"
).split()
CITIES = (
    ("København", "2300"),
    ("Aarhus", "8000"),
    ("Odense", "5000"),
    ("Aalborg", "9000"),
    ("Esbjerg", "6700"),
    ("Randers", "8900"),
    ("Kolding", "6000"),
    ("Horsens", "8700"),
    ("Vejle", "7100"),
    ("Roskilde", "4000"),
    ("Herning", "7400"),
    ("Silkeborg", "8600"),
    ("Næstved", "4700"),
    ("Holbæk", "4300"),
    ("Slagelse", "4200"),
)
PARTNER_NAMES = {
    "provider": "Kursusudbyderen",
    "municipality": "Kommune",
    "consultant": "Rådgivergruppen",
    "contractor": "Entreprise",
}
# Roles the load profile's people hold besides staff.
LOGIN_ROLES = {
    "learner": (),
    "manager": ("manager",),
    "hr": ("hr",),
    "project_leader": ("project_leader",),
    "provider_editor": ("provider_editor",),
}
NETWORK_PEOPLE = 5


def build(b: Build) -> None:
    """Organisations, then departments, then people with memberships and the logins."""
    with b.progress.step("organisationer") as counts:
        _organisations(b)
        b.count(counts, "organisationer", len(b.organisations))
    with b.progress.step("afdelinger") as counts:
        b.count(counts, "afdelinger", _departments(b))
    with b.progress.step("personer og medlemskaber") as counts:
        people, memberships = _people(b)
        b.count(counts, "personer", people)
        b.count(counts, "medlemskaber", memberships)
    with b.progress.step("to-faktor for logins") as counts:
        b.count(counts, "TOTP", _two_factor(b))


def email_for(n: int) -> str:
    return f"person-{n:06d}@{EMAIL_DOMAIN}"


def _organisations(b: Build) -> None:
    size = b.size
    kinds = [("housing", size.housing), ("provider", size.providers)]
    kinds += [("municipality", size.municipalities), ("consultant", size.consultants)]
    kinds += [("contractor", size.contractors), ("network", 1)]
    rows = []
    number = 0
    for kind, count in kinds:
        for i in range(count):
            number += 1
            org = Org(id=b.writer.next_id(Organisation), kind=kind, name=_name(kind, i))
            city, postcode = CITIES[number % len(CITIES)]
            rows.append(
                {
                    "id": org.id,
                    "name": org.name,
                    "kind": kind,
                    "cvr": f"{40_000_000 + number}",
                    "city": city,
                    "postcode": postcode,
                    "address": f"{PLACES[number % len(PLACES)]}vej {number % 90 + 1}",
                    "email": f"organisation-{number:03d}@{EMAIL_DOMAIN}",
                    # A third of the housing organisations approve their people's enrolments.
                    "requires_enrolment_approval": kind == "housing" and number % 3 == 0,
                }
            )
            b.organisations.append(org)
            if kind == "housing":
                b.housing.append(org)
            elif kind == "provider":
                b.providers.append(org)
            else:
                b.partners.setdefault(kind, []).append(org)
    b.writer.write(Organisation, rows)


def _name(kind: str, i: int) -> str:
    if kind == "housing":
        prefix = HOUSING_PREFIXES[i % len(HOUSING_PREFIXES)]
        place = PLACES[i % len(PLACES)]
        suffix = f" {i // len(PLACES) + 1}" if i >= len(PLACES) else ""
        return f"{prefix} {place}{suffix}"
    if kind == "network":
        return "AlmenNet Sekretariatet (skala)"
    place = CITIES[i % len(CITIES)][0]
    round_ = f" {i // len(CITIES) + 1}" if i >= len(CITIES) else ""
    if kind == "municipality":
        return f"{place}{round_} Kommune"
    return f"{PARTNER_NAMES[kind]} {place}{round_}"


def housing_sizes(b: Build) -> list[int]:
    """People per housing organisation, largest first, adding up to the housing share."""
    size = b.size
    total = size.people - sum(
        other_people(b, org) for org in b.organisations if org.kind != "housing"
    )
    fixed = [size.largest_organisation] * size.largest_count
    tail = len(b.housing) - len(fixed)
    rest = total - sum(fixed)
    weights = [(rank + 1) ** -0.6 for rank in range(tail)]
    scale = rest / sum(weights) if weights else 0
    cap = size.largest_organisation - 1
    sizes = [min(cap, max(3, round(w * scale))) for w in weights]
    if sizes:
        sizes[0] += rest - sum(sizes)  # rounding lands on the biggest of the tail
    return fixed + sizes


def partner_people(b: Build) -> int:
    return max(5, b.size.people // 2_000)


def other_people(b: Build, org: Org) -> int:
    """People in an organisation that is not a housing one; the first provider also has the
    profile's provider editors."""
    if org.kind == "network":
        return NETWORK_PEOPLE
    if b.providers and org is b.providers[0]:
        return partner_people(b) + b.size.logins_per_role
    return partner_people(b)


def _departments(b: Build) -> int:
    sizes = housing_sizes(b)
    housing_people = sum(sizes)
    per_org = [max(1, round(b.size.departments * n / housing_people)) for n in sizes]
    per_org[0] += b.size.departments - sum(per_org)
    rows = []
    for org, count in zip(b.housing, per_org, strict=True):
        city, postcode = CITIES[org.id % len(CITIES)]
        for number in range(1, count + 1):
            department = b.writer.next_id(Department)
            org.departments.append(department)
            rows.append(
                {
                    "id": department,
                    "organisation_id": org.id,
                    "number": str(number),
                    "name": f"{PLACES[(org.id + number) % len(PLACES)]} {number}",
                    "city": city,
                    "postcode": postcode,
                    "homes": b.rng.randint(20, 600),
                }
            )
    return b.writer.write(Department, rows)


def _people(b: Build) -> tuple[int, int]:
    functions = {jf.code: jf.pk for jf in JobFunction.objects.all()}
    function_ids = list(functions.values())
    usable = make_password(PASSWORD)
    logins = _login_places(b)
    users: list[dict[str, object]] = []
    memberships: list[dict[str, object]] = []
    n = 0
    sizes = dict(zip((o.id for o in b.housing), housing_sizes(b), strict=True))
    for org in b.organisations:
        count = sizes[org.id] if org.id in sizes else other_people(b, org)
        wanted = logins.get(org.id, [])
        for i in range(count):
            n += 1
            user = b.writer.next_id(User)
            role, number = wanted[i] if i < len(wanted) else ("", 0)
            first, last = b.rng.choice(FIRST_NAMES), b.rng.choice(LAST_NAMES)
            users.append(
                {
                    "id": user,
                    "email": login_email(role, number) if role else email_for(n),
                    "first_name": first,
                    "last_name": last,
                    # Only the load profile's people can log in; the rest are like people who
                    # were invited and never chose a password.
                    "password": usable if role else f"!{b.rng.getrandbits(128):032x}",
                    "date_joined": b.now,
                }
            )
            b.person_name[user] = f"{first} {last}"
            b.person_org[user] = org
            org.people.append(user)
            if role:
                b.logins.setdefault(role, []).append(user)
            memberships.append(_membership(b, org, user, i, role, function_ids))
    _managers_assign(b, memberships)
    b.writer.write(User, users)
    b.writer.write(Membership, memberships)
    return len(users), len(memberships)


def _login_places(b: Build) -> dict[int, list[tuple[str, int]]]:
    """Which organisation each login belongs to: the biggest housing organisations (learners,
    managers, HR, project leaders) and the first provider (its editors)."""
    places: dict[int, list[tuple[str, int]]] = {}
    big = b.housing[: max(2, b.size.largest_count)]
    for role in ROLES:
        for number in range(1, b.size.logins_per_role + 1):
            if role == "provider_editor":
                org = b.providers[0]
            elif role == "project_leader":
                org = b.housing[0]  # the owner of the project with the most entries
            else:
                # Two in three in the very largest organisation, the rest in the next ones.
                org = big[0] if number % 3 else big[number % len(big)]
            places.setdefault(org.id, []).append((role, number))
    return places


def _membership(
    b: Build, org: Org, user: int, i: int, role: str, functions: list[int]
) -> dict[str, object]:
    housing = org.kind == "housing"
    roles = set(LOGIN_ROLES.get(role, ()))
    if housing and not role:
        # Every 12th person leads others; one in 150 works in HR; one in 60 leads projects.
        if i % 12 == 1:
            roles.add("manager")
        if i % 150 == 2:
            roles.add("hr")
        if i % 60 == 3:
            roles.add("project_leader")
    if org.kind == "provider" and i == 0 and not role:
        roles.add("provider_editor")
    if org.kind == "network" and i == 0:
        roles.add("network_editor")
    if "manager" in roles:
        org.managers.append(user)
    if "hr" in roles:
        org.hr.append(user)
    if "project_leader" in roles:
        org.project_leaders.append(user)
    function = b.rng.choice(functions) if housing else None
    b.person_function[user] = function
    department = org.departments[i % len(org.departments)] if org.departments else None
    return {
        "user_id": user,
        "organisation_id": org.id,
        "department_id": department if housing and i % 10 < 7 else None,
        "job_function_id": function,
        "employee_number": f"{i + 1:06d}",
        "role_staff": True,
        **{f"role_{r}": True for r in roles},
    }


def _managers_assign(b: Build, memberships: list[dict[str, object]]) -> None:
    """Each person's nearest manager: a manager of the same organisation, by a stable rule."""
    for row in memberships:
        person = row["user_id"]
        assert isinstance(person, int)
        managers = b.person_org[person].managers
        if managers and person not in managers:
            row["manager_id"] = managers[person % len(managers)]


def _two_factor(b: Build) -> int:
    """TOTP with the profile's shared secret for the logins in a two-factor role."""
    roles = set(settings.LMS_TWO_FACTOR_ROLES)
    count = 0
    for role, users in b.logins.items():
        if set(LOGIN_ROLES[role]) & roles:
            for user in User.objects.filter(pk__in=users):
                TOTP.activate(user, TOTP_SECRET)
                count += 1
    return count
