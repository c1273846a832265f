"""The plan: what each row of an import will do, decided without writing anything.

``Planner`` is built once for a whole file (or a batch of it) and looks everything up in bulk:
the organisation's memberships (one query, with their people, departments, functions and
managers), the people behind the other e-mail addresses (one query per 900 addresses), the
departments and the job functions. Planning a row then costs no query.

The rules, the same for the file import and the API (``services.people_upsert``):

* A person is matched by employee number, then by e-mail, among the organisation's memberships
  (active or not: a deactivated person in the file is activated again).
* Every field is optional but the e-mail. A column (API: a key) that is absent leaves the field
  as it is; an empty cell clears it — except names (never blanked) and roles (empty: unchanged,
  "medarbejder" for a new person).
* A person who already has an account through another organisation becomes a member here too
  (a person can belong to several organisations); their name and e-mail address are theirs and
  are not changed by this organisation's file.
* Roles: medarbejder, leder, HR and projektleder (Danish labels or codes). Provider and network
  editor roles are refused; HR only from HR (or a superuser, or the API of an HR token); a role
  the import cannot grant that a person already holds is kept. The uploader cannot remove their
  own HR role.
* With ``full_list`` the organisation's active members who are in no row become deactivations
  (never the uploader); nobody is ever deleted.

The rows themselves (``PlannedRow``, ``Target``) and their stored shape are in ``rows``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from organisations import access
from organisations.models import (
    Department,
    JobFunction,
    Membership,
    Organisation,
    Role,
    User,
)
from organisations.people_import.parse import split_list
from organisations.people_import.rows import (
    IMPORT_ROLES,
    NAME_MAX,
    NUMBER_MAX,
    ROLE_WORDS,
    UNSET,
    Action,
    PlannedRow,
    Target,
    chunks,
)
from organisations.services import allowed_roles


class Planner:
    """Plans rows for one organisation; every lookup is made once, in bulk, when built.

    ``context`` is every row of the file (for duplicates and managers named in the file);
    the rows planned may be all of them (the preview) or a batch (when applied). For a batch,
    ``scope`` names its rows: only their members are loaded, not the whole organisation's
    (which a full list's deactivations need, so they are planned in the preview only).
    """

    def __init__(
        self,
        *,
        organisation: Organisation,
        actor: User | None,
        context: Sequence[tuple[int | None, Mapping[str, str]]],
        scope: Sequence[Mapping[str, str]] | None = None,
    ) -> None:
        self.organisation = organisation
        self.actor = actor
        self.scoped = scope is not None
        self.email_lines = _lines_by(context, "email")
        self.number_lines = _lines_by(context, "employee_number")
        self.file_emails = {v.get("email", "") for _n, v in context} - {""}
        rows = [v for _n, v in context] if scope is None else scope
        managers = {v.get("manager_email", "").lower() for v in rows} - {""}
        if scope is None:
            self._memberships(organisation, Membership.objects.filter(organisation=organisation))
        else:
            emails = sorted(({v.get("email", "") for v in scope} | managers) - {""})
            numbers = sorted({v.get("employee_number", "") for v in scope} - {""})
            self._memberships(organisation, _members_named(organisation, emails, numbers))
        wanted = ({v.get("email", "") for v in rows} | managers) - {""}
        self._people(sorted(wanted - set(self.by_email)))
        self._departments(organisation)
        self._functions()
        self._roles(organisation, actor)

    # --- Lookups (the only queries) -----------------------------------------------------

    def _memberships(self, organisation: Organisation, queryset: QuerySet[Membership]) -> None:
        elsewhere = Membership.objects.filter(user=OuterRef("user_id"), is_active=True).exclude(
            organisation=organisation
        )
        self.memberships = list(
            queryset.select_related("user", "department", "job_function", "manager").annotate(
                elsewhere=Exists(elsewhere)
            )
        )
        self.by_email = {m.user.email.lower(): m for m in self.memberships}
        self.by_number = {m.employee_number: m for m in self.memberships if m.employee_number}

    def _people(self, emails: list[str]) -> None:
        """People with accounts who are not members here (another organisation's, or none)."""
        self.people: dict[str, User] = {}
        with_orgs = Membership.objects.filter(user=OuterRef("pk"), is_active=True)
        for chunk in chunks(emails):
            for user in (
                User.objects.annotate(email_lower=Lower("email"), elsewhere=Exists(with_orgs))
                .filter(email_lower__in=chunk)
                .only("pk", "email", "first_name", "last_name")
            ):
                self.people[user.email.lower()] = user

    def _departments(self, organisation: Organisation) -> None:
        self.department_numbers: dict[str, Department] = {}
        self.department_names: dict[str, list[Department]] = defaultdict(list)
        for department in Department.objects.filter(organisation=organisation):
            self.department_numbers[department.number.lower()] = department
            self.department_names[department.name.strip().lower()].append(department)

    def _functions(self) -> None:
        self.functions: dict[str, JobFunction] = {}
        self.function_codes: list[str] = []
        for function in JobFunction.objects.all():
            self.functions[function.name.strip().lower()] = function
            self.functions[function.code.lower()] = function
            self.function_codes.append(function.code)

    def _roles(self, organisation: Organisation, actor: User | None) -> None:
        fitting = set(allowed_roles(organisation))
        self.grantable = set(IMPORT_ROLES) & fitting
        # The API (no actor) acts for the HR that made its token.
        if actor is not None and not actor.is_superuser:
            if not access.may_grant_hr(actor, organisation):
                self.grantable.discard(Role.HR)

    # --- Planning -------------------------------------------------------------------------

    def plan(self, rows: Sequence[tuple[int | None, Mapping[str, str]]]) -> list[PlannedRow]:
        """Plan ``rows`` (line number or None, canonical values) in their order."""
        planned = [self.plan_row(i, number, values) for i, (number, values) in enumerate(rows)]
        self._managers_in_error_rows(planned)
        return planned

    def _managers_in_error_rows(self, planned: Sequence[PlannedRow]) -> None:
        """A manager who is only in the file must come from a row that will be applied."""
        failing = {row.values.get("email", "") for row in planned if row.errors}
        while failing:
            newly: set[str] = set()
            for row in planned:
                manager = row.values.get("manager_email", "").lower()
                member = self.by_email.get(manager)
                if row.errors or manager not in failing or (member and member.is_active):
                    continue
                row.error(
                    "manager_email",
                    _("Lederen (%(email)s) står i en række med fejl i filen.") % {"email": manager},
                )
                row.action = Action.ERROR
                newly.add(row.values.get("email", ""))
            failing = newly

    def plan_row(self, index: int, number: int | None, raw: Mapping[str, str]) -> PlannedRow:
        row = PlannedRow(index=index, row_number=number, values=dict(raw))
        values = row.values
        email = values.get("email", "")
        target = Target(email=email)
        self._check_identity(row, target, values.get("employee_number", UNSET))
        if row.membership is None:
            row.user = self.people.get(email)
        self._names(row, target)
        self._employee_number(row, target)
        self._department(row, target)
        self._function(row, target)
        self._manager(row, target, email)
        self._role_set(row, target)
        row.target = target
        row.action = self._action(row)
        return row

    def _check_identity(self, row: PlannedRow, target: Target, number: Any) -> None:
        email = target.email
        if not email:
            row.error("email", _("E-mailadressen mangler."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                row.error(
                    "email", _("“%(email)s” er ikke en gyldig e-mailadresse.") % {"email": email}
                )
            lines = self.email_lines.get(email, [])
            if len(lines) > 1:
                row.error("email", _duplicate(_("E-mailadressen"), lines))
        if isinstance(number, str) and number:
            if len(number) > NUMBER_MAX:
                row.error("employee_number", _("Medarbejdernummeret er for langt."))
            lines = self.number_lines.get(number, [])
            if len(lines) > 1:
                row.error("employee_number", _duplicate(_("Medarbejdernummeret"), lines))
        by_number = self.by_number.get(number) if isinstance(number, str) and number else None
        by_email = self.by_email.get(email) if email else None
        if by_number and by_email and by_number.pk != by_email.pk:
            row.error(
                "employee_number",
                _(
                    "Medarbejdernummeret hører til %(other)s, men e-mailadressen til en anden "
                    "person i organisationen."
                )
                % {"other": by_number.user.email},
            )
        row.membership = by_number or by_email
        if row.membership is not None:
            row.user = row.membership.user
            if by_number and email and by_number.user.email.lower() != email:
                self._email_change(row, target, by_number)

    def _email_change(self, row: PlannedRow, target: Target, membership: Membership) -> None:
        """Matched by employee number under another address: the address changes, if it may."""
        email = target.email
        if email in self.people or email in self.by_email:
            row.error("email", _("E-mailadressen bruges allerede af en anden person."))
        elif getattr(membership, "elsewhere", False):
            row.error(
                "email",
                _(
                    "E-mailadressen kan ikke ændres her, fordi personen også er medlem af en "
                    "anden organisation. Personen kan selv ændre den."
                ),
            )
        else:
            row.change("email", membership.user.email, email)
            target.user_fields["email"] = email

    def _names(self, row: PlannedRow, target: Target) -> None:
        values = row.values
        first, last = values.get("first_name"), values.get("last_name")
        if first is None and last is None and values.get("name"):
            first, _sep, last = values["name"].strip().rpartition(" ")
            if not first:  # one word: a first name
                first, last = last, ""
        for name, value in (("first_name", first), ("last_name", last)):
            if value and len(value) > NAME_MAX:
                row.error(name, _("Navnet er for langt (højst 150 tegn)."))
        user = row.user
        if user is None:
            target.user_fields = {"first_name": first or "", "last_name": last or ""}
            return
        # The name is the person's own: another organisation's file does not change it.
        holder = row.membership if row.membership is not None else user
        if getattr(holder, "elsewhere", False):
            if (first and first != user.first_name) or (last and last != user.last_name):
                row.notes.append(
                    _("Navnet ændres ikke, fordi personen også er medlem af en anden organisation.")
                )
            return
        for name, value in (("first_name", first), ("last_name", last)):
            if value and value != getattr(user, name):
                target.user_fields[name] = value
                row.change(name, getattr(user, name), value)

    def _set(
        self, row: PlannedRow, target: Target, name: str, old: Any, new: Any, shown: Any
    ) -> None:
        target.membership_fields[name] = new
        if row.membership is None or old != new:
            row.change(name if name != "department_id" else "department", *shown)

    def _employee_number(self, row: PlannedRow, target: Target) -> None:
        number = row.values.get("employee_number")
        if number is None:
            return
        old = row.membership.employee_number if row.membership else ""
        if number or row.membership is not None:
            self._set(row, target, "employee_number", old, number, (old, number))

    def _department(self, row: PlannedRow, target: Target) -> None:
        text = row.values.get("department")
        if text is None:
            return
        department = None
        if text:
            department = self.department_numbers.get(text.lower())
            named = self.department_names.get(text.lower(), [])
            if department is None and len(named) == 1:
                department = named[0]
            if department is None:
                message = (
                    _("Flere afdelinger hedder “%(text)s”. Skriv afdelingens nummer.")
                    if named
                    else _("Afdelingen “%(text)s” findes ikke i organisationen.")
                )
                row.error("department", message % {"text": text})
                return
        old = row.membership.department if row.membership else None
        new_id = department.pk if department else None
        if department is not None or row.membership is not None:
            self._set(
                row, target, "department_id", old.pk if old else None, new_id, (old, department)
            )

    def _function(self, row: PlannedRow, target: Target) -> None:
        text = row.values.get("job_function")
        if text is None:
            return
        function = self.functions.get(text.lower()) if text else None
        if text and function is None:
            row.error(
                "job_function",
                _("Funktionen “%(text)s” findes ikke. Brug en af: %(codes)s.")
                % {"text": text, "codes": ", ".join(self.function_codes)},
            )
            return
        old = row.membership.job_function if row.membership else None
        if function is not None or row.membership is not None:
            target.membership_fields["job_function_id"] = function.pk if function else None
            if row.membership is None or old != function:
                row.change("job_function", old, function)

    def _manager(self, row: PlannedRow, target: Target, email: str) -> None:
        text = row.values.get("manager_email")
        if text is None:
            return
        text = text.lower()
        old = row.membership.manager if row.membership else None
        if text:
            if text == email:
                row.error("manager_email", _("En person kan ikke være sin egen leder."))
                return
            member = self.by_email.get(text)
            if text not in self.file_emails and (member is None or not member.is_active):
                row.error(
                    "manager_email",
                    _("Lederen (%(email)s) er hverken medlem af organisationen eller med i filen.")
                    % {"email": text},
                )
                return
        target.manager_email = text
        old_email = old.email.lower() if old else ""
        if old_email != text and (text or row.membership is not None):
            row.change("manager_email", old_email, text)

    def _role_set(self, row: PlannedRow, target: Target) -> None:
        wanted = self._parse_roles(row)
        membership = row.membership
        if wanted is None:
            if membership is None:
                target.roles = {Role.STAFF}
                row.change("roles", None, target.roles)
            return
        if membership is None:
            target.roles = wanted
            row.change("roles", None, wanted)
            return
        kept = membership.roles - IMPORT_ROLES
        roles = wanted | kept
        if (
            self.actor is not None
            and membership.user_id == self.actor.pk
            and Role.HR in membership.roles
            and Role.HR not in roles
        ):
            row.error("roles", _("Du kan ikke fjerne din egen HR-rolle med en import."))
            return
        target.roles = roles
        if roles != membership.roles:
            row.change("roles", membership.roles, roles)

    def _parse_roles(self, row: PlannedRow) -> set[str] | None:
        """The roles the row names; None when it names none (unchanged, or staff if new)."""
        words = split_list(row.values.get("roles", ""))
        if not words:
            return None
        roles: set[str] = set()
        for word in words:
            role = ROLE_WORDS.get(" ".join(word.lower().split()))
            if role is None:
                row.error(
                    "roles",
                    _("Ukendt rolle “%(role)s”. Brug medarbejder, leder, HR eller projektleder.")
                    % {"role": word},
                )
            elif role not in IMPORT_ROLES:
                row.error(
                    "roles",
                    _("Rollen “%(role)s” kan ikke gives med en import.") % {"role": word},
                )
            elif role not in self.grantable:
                message = (
                    _("Kun HR kan give HR-rollen.")
                    if role == Role.HR
                    else _("Rollen “%(role)s” passer ikke til denne type organisation.")
                    % {"role": word}
                )
                row.error("roles", message)
            else:
                roles.add(role)
        return roles or None

    def _action(self, row: PlannedRow) -> str:
        if row.errors:
            return Action.ERROR
        membership = row.membership
        if membership is None:
            row.new_account = row.user is None
            if row.user is not None:
                row.notes.append(
                    _("Personen har allerede en konto på AlmenLæring og bliver også medlem her.")
                )
            return Action.CREATE
        if not membership.is_active:
            row.change("is_active", False, True)
            assert row.target is not None
            row.target.membership_fields["is_active"] = True
        return Action.UPDATE if row.changes else Action.UNCHANGED

    # --- A full list ------------------------------------------------------------------------

    def deactivations(self, planned: Sequence[PlannedRow]) -> list[PlannedRow]:
        """Active members the file does not mention: deactivated (never the uploader)."""
        if self.scoped:
            raise ValueError("A planner for a batch does not know the whole organisation.")
        mentioned = {row.membership.pk for row in planned if row.membership is not None}
        mentioned |= {
            self.by_email[row.values["email"]].pk
            for row in planned
            if row.values.get("email") in self.by_email
        }
        rows = []
        for membership in self.memberships:
            if not membership.is_active or membership.pk in mentioned:
                continue
            if self.actor is not None and membership.user_id == self.actor.pk:
                continue
            row = PlannedRow(
                index=-1,
                row_number=None,
                values={"email": membership.user.email, "name": membership.user.name},
                action=Action.DEACTIVATE,
                membership=membership,
                user=membership.user,
            )
            row.change("is_active", True, False)
            rows.append(row)
        return rows


def _members_named(
    organisation: Organisation, emails: Sequence[str], numbers: Sequence[str]
) -> QuerySet[Membership]:
    """The organisation's memberships with one of ``emails`` or ``numbers`` (a batch's)."""
    condition = Q(pk__in=[])
    for chunk in chunks(emails):
        condition |= Q(email_lower__in=chunk)
    for chunk in chunks(numbers):
        condition |= Q(employee_number__in=chunk)
    return (
        Membership.objects.filter(organisation=organisation)
        .annotate(email_lower=Lower("user__email"))
        .filter(condition)
    )


def _lines_by(
    context: Sequence[tuple[int | None, Mapping[str, str]]], name: str
) -> dict[str, list[int]]:
    """For duplicates: the lines (the API: 1-based positions) that carry each value of ``name``."""
    counts = Counter(values.get(name, "") for _n, values in context)
    lines: dict[str, list[int]] = defaultdict(list)
    for position, (number, values) in enumerate(context, start=1):
        value = values.get(name, "")
        if value and counts[value] > 1:
            lines[value].append(number if number is not None else position)
    return lines


def _duplicate(what: str, lines: list[int]) -> str:
    return _("%(what)s står flere gange i filen (linje %(lines)s).") % {
        "what": what,
        "lines": ", ".join(str(line) for line in lines),
    }
