"""Writes of a first login through an organisation's identity provider.

Both run only after ``policy.admit`` has accepted the login: the e-mail address is verified by
the provider and belongs to one of its domains.
"""

from __future__ import annotations

from allauth.socialaccount.models import SocialLogin
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisations import services
from organisations.models import IdentityProvider, Membership, Role, User
from organisations.sso import selectors
from organisations.sso.policy import SsoRefusal

# Membership needs at least one role (a check constraint); staff is the one that grants
# nothing beyond the person's own learning, so it is the "no roles" of a new person.
FIRST_LOGIN_ROLES = [Role.STAFF]
NAME_LENGTH = 150  # User.first_name and last_name


def _membership_for(person: User, provider: IdentityProvider) -> Membership | None:
    """A staff membership in the provider's organisation, unless the person has one already.

    An inactive membership stays inactive: HR ended it, and a login does not undo that.
    """
    if Membership.objects.filter(user=person, organisation_id=provider.organisation_id).exists():
        return None
    return services.membership_create(
        user=person, organisation=provider.organisation, roles=FIRST_LOGIN_ROLES, actor=person
    )


@transaction.atomic
def sso_person_link(
    *, request: HttpRequest, sociallogin: SocialLogin, person: User, provider: IdentityProvider
) -> User:
    """Link the identity provider's account to the person who has its verified address."""
    sociallogin.connect(request, person)
    _membership_for(person, provider)
    log(person, "lms.sso.link", user=person, data={"provider": sociallogin.account.provider})
    return person


@transaction.atomic
def sso_person_create(
    *, request: HttpRequest, sociallogin: SocialLogin, provider: IdentityProvider
) -> User:
    """Create the person of a first login: their account (no password; the identity provider
    is how they log in), the verified address, and a staff membership in the organisation."""
    person = sociallogin.user
    if not isinstance(person, User):
        raise TypeError("A social login without a user to create.")
    person.email = User.objects.normalize_email(person.email).lower()
    person.first_name = (person.first_name or "")[:NAME_LENGTH]
    person.last_name = (person.last_name or "")[:NAME_LENGTH]
    person.set_unusable_password()
    person.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    try:
        # A savepoint: the same person's first login in two tabs at once creates them once.
        with transaction.atomic():
            sociallogin.save(request)
    except IntegrityError as error:
        raise SsoRefusal(
            "duplicate",
            _("Din konto blev oprettet samtidig et andet sted. Prøv at logge ind igen."),
            organisation_id=provider.organisation_id,
        ) from error
    _membership_for(person, provider)
    log(person, "lms.sso.create", user=person, data={"provider": sociallogin.account.provider})
    return person


def provider_of(sociallogin: SocialLogin) -> IdentityProvider | None:
    """The enabled identity provider of a social login (None for any other kind of login)."""
    return selectors.provider_for_app(sociallogin.account.provider)
