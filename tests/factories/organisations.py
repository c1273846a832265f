"""Factories for people, organisations, departments, memberships and invitations.

They build valid rows with the fewest decisions; a test states only what it is about. A person
built here is what ``organisations.services`` leaves behind: a verified primary e-mail address
(allauth logs them in), roles as the booleans on the membership, the Wagtail groups that editor
roles bring, and TOTP for a holder of a two-factor role (``settings.LMS_TWO_FACTOR_ROLES``).
Job functions are seeded by a migration, so ``JobFunctionFactory`` finds them by code rather than
duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from factory.django import DjangoModelFactory

from organisations import demo
from organisations.models import Department, JobFunction, Membership, Organisation, Role, User

PASSWORD = "Korrekt-Hest-Batteri-9"
TOTP_SECRET = demo.DEMO_TOTP_SECRET


class UserFactory(DjangoModelFactory[User]):
    """A person who can log in with ``PASSWORD``; their e-mail address is verified."""

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.django.Password(PASSWORD)
    is_active = True

    @factory.post_generation
    def verified_email(obj: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        """As ``user_create`` does: the address is the person's own (``verified_email=False``
        leaves it out)."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class OrganisationFactory(DjangoModelFactory[Organisation]):
    """A housing organisation with a valid, unique CVR number."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Boligorganisation {n}")
    kind = "housing"
    cvr = factory.Sequence(lambda n: f"{10_000_000 + n:08d}")
    city = "Aalborg"
    postcode = "9000"


class DepartmentFactory(DjangoModelFactory[Department]):
    """A boligafdeling; numbers count up within the run, so they never collide."""

    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: str(100 + n))
    name = factory.Sequence(lambda n: f"Afdeling {n}")
    homes = 120


class JobFunctionFactory(DjangoModelFactory[JobFunction]):
    """A job function found by code (the migration seeds the sector's eight)."""

    class Meta:
        model = JobFunction
        django_get_or_create = ("code",)

    code = "ejendomsfunktionaer"
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


def needs_totp(roles: Iterable[str]) -> bool:
    """Whether the two-factor policy asks a holder of ``roles`` for TOTP."""
    return bool(set(roles) & set(settings.LMS_TWO_FACTOR_ROLES))


def totp_activate(user: User) -> User:
    """Set up TOTP with the demo secret (tests log in with codes made from it), once."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


class MembershipFactory(DjangoModelFactory[Membership]):
    """A person in an organisation with the staff role.

    ``roles=["staff", "hr"]`` sets the role booleans the way ``membership_create`` does (so does
    ``role_hr=True``). Editor roles bring their Wagtail groups; a two-factor role brings TOTP
    unless ``totp=False``.
    """

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    department = None
    job_function = None
    role_staff = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        roles = kwargs.pop("roles", None)
        if roles is not None:
            wanted = set(roles)
            for role in Role.values:
                kwargs[Membership.role_field(role)] = role in wanted
        job_function = kwargs.get("job_function")
        if isinstance(job_function, str):
            kwargs["job_function"] = JobFunction.objects.get(code=job_function)
        return kwargs

    @factory.post_generation
    def groups(obj: Membership, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        """The Wagtail groups of the person's editor roles, as ``user_groups_sync`` keeps them."""
        if create and (obj.role_provider_editor or obj.role_network_editor):
            from organisations.services import user_groups_sync

            user_groups_sync(user=obj.user)

    @factory.post_generation
    def totp(obj: Membership, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if not create or extracted is False:
            return
        if extracted or needs_totp(obj.roles):
            totp_activate(obj.user)


def person(
    email: str,
    organisation: Organisation | None = None,
    roles: Iterable[str] = ("staff",),
    first_name: str = "",
    last_name: str = "",
    *,
    job_function: str | JobFunction | None = None,
    department: Department | None = None,
    totp: bool | None = None,
) -> User:
    """A person with a membership of ``organisation`` (none without one) in one call.

    ``totp`` None: TOTP exactly when a role needs it; True or False: always or never.
    """
    user = UserFactory.create(email=email, first_name=first_name, last_name=last_name)
    if organisation is not None:
        MembershipFactory.create(
            user=user,
            organisation=organisation,
            roles=list(roles),
            job_function=job_function,
            department=department,
            totp=totp,
        )
    elif totp:
        totp_activate(user)
    return user


class InvitationFactory(DjangoModelFactory[Any]):
    """An open invitation to join an organisation as staff (expires in the model's 14 days)."""

    class Meta:
        model = "organisations.Invitation"  # by label: the mechanism may move, the table stays

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    first_name = "Ny"
    last_name = "Kollega"
    roles = factory.LazyFunction(lambda: ["staff"])
    invited_by = factory.SubFactory(UserFactory)
