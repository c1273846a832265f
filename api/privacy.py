"""Personal data of the API app (core.privacy): who created and who revoked an API token.

A token belongs to its organisation, not to a person: it is the organisation's system that
calls the API. The HR person who made it (and the one who revoked it) is recorded so that HR can
tell who is answerable for a key. On erasure the token row stays (the organisation's record of
its keys) and both names are emptied. A token whose creator is erased stops working at once:
it acted with that person's HR rights (api.authentication), and those are gone.
"""

from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from core.privacy import Category, Erasure, LegalBasis, Personal, register

AREA = "api-nøgler"

ACTOR = Personal(
    Category.ACTIVITY,
    _("At vise organisationens HR, hvem der oprettede og tilbagekaldte en API-nøgle"),
    LegalBasis.LEGITIMATE_INTEREST,
    _(
        "Så længe nøglen findes; ved sletning af personen fjernes navnet, og en nøgle, "
        "personen oprettede, holder op med at virke."
    ),
    Erasure.DELETE,
)

register(
    ApiToken,
    area=AREA,
    organisation="organisation",
    subject=("created_by", "revoked_by"),
    rows=Erasure.ANONYMISE,
    personal={"created_by": ACTOR, "revoked_by": ACTOR},
    other=(
        "id",
        "organisation",
        "name",
        "scope",
        "key_prefix",
        "key_hash",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ),
    context=("organisation__name",),
)
