"""The JSON documents of Open Badges 3.0: issuer profile, achievement, credential, status list.

Plain dictionaries, built from the database in a few queries; ``services`` signs them. The text
is Danish, like the certificate (``inLanguage`` says so).
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competencies.models import Guide, GuideCompetence
from core.formats import long_date
from core.site_url import configured_base_url
from courses.badges import addresses, status
from courses.models import Certificate, CoursePage, ProviderSectionPage
from organisations.models import Organisation, OrganisationKind

Document = dict[str, Any]
COMPETENCE_FRAMEWORK = "AlmenLærings kompetenceramme"
GUIDE_FRAMEWORK = "AlmenVejledninger"


def contexts() -> list[str]:
    return [addresses.VC_CONTEXT, addresses.OB_CONTEXT]


def timestamp(moment: datetime) -> str:
    """``2026-11-21T08:30:00Z``: UTC, whole seconds (a JWT's NumericDate has no fractions)."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def end_of_day(day: date) -> datetime:
    """The last second of ``day`` in the site's time zone ("gyldigt til og med")."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


# --- The issuer --------------------------------------------------------------------------


def provider_of(course: CoursePage) -> Organisation:
    """The provider whose section holds the course: the issuer of its credentials."""
    section = ProviderSectionPage.objects.select_related("provider").get(
        path=course.path[: -ProviderSectionPage.steplen]
    )
    provider: Organisation = section.provider
    return provider


def is_issuer(organisation: Organisation) -> bool:
    return organisation.kind == OrganisationKind.PROVIDER


def issuer_profile(provider: Organisation) -> Document:
    """The provider as an OB 3.0 Profile: the issuer named in its credentials."""
    with translation.override("da"):
        description = _(
            "Kursusudbyder på AlmenLæring. AlmenLæring signerer udbyderens Open Badges med "
            "platformens nøgler (%(jwks)s)."
        ) % {"jwks": addresses.jwks_url()}
    profile: Document = {
        "id": addresses.issuer_url(provider.pk),
        "type": ["Profile"],
        "name": provider.name,
        "description": description,
    }
    if provider.website:
        profile["url"] = provider.website
    if provider.email:
        profile["email"] = provider.email
    if provider.cvr:
        profile["otherIdentifier"] = [
            {"type": "IdentifierEntry", "identifier": provider.cvr, "identifierType": "ext:CVR"}
        ]
    return profile


def issuer_reference(provider: Organisation) -> Document:
    """The short form a credential embeds (OB 3.0 asks for id, type and name)."""
    return {"id": addresses.issuer_url(provider.pk), "type": ["Profile"], "name": provider.name}


# --- The achievement ---------------------------------------------------------------------


def _markdown(rich_text: str) -> str:
    """Wagtail rich text as the plain Markdown OB 3.0's ``narrative`` allows."""
    text = re.sub(r"(?i)<li[^>]*>", "- ", rich_text)
    text = re.sub(r"(?i)</(p|li|h[1-6])>|<br\s*/?>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _criteria(course: CoursePage) -> str:
    """What a learner did to earn it: the course's learning outcomes and its completion rule."""
    rules = []
    if course.completion_requires_attendance:
        rules.append(_("deltaget i undervisningen"))
    if course.completion_requires_modules:
        rules.append(_("gennemført alle moduler"))
    if course.completion_requires_quiz:
        rules.append(_("bestået kursets quizzer"))
    rule = _("Deltageren har %(rules)s.") % {"rules": _(" og ").join(rules)} if rules else ""
    outcomes = _markdown(str(course.learning_outcomes or ""))
    if outcomes:
        outcomes = _("Læringsudbytte:") + "\n" + outcomes
    return "\n\n".join(part for part in (rule, outcomes) if part)


def _page_url(page: CoursePage) -> str:
    parts = page.get_url_parts()
    return configured_base_url() + parts[2] if parts else ""


def guide_url(guide: Guide) -> str:
    return configured_base_url() + guide.get_absolute_url()


def competence_anchor(code: str) -> str:
    """The id of a competence on its guide's page (``courses/guide_detail.html``)."""
    return f"kompetence-{code}"


def _alignments(guide: Guide) -> list[Document]:
    """The guide itself, and each competence it builds with the level it builds it to."""
    aligned: list[Document] = [
        {
            "type": ["Alignment"],
            "targetName": f"{guide.code} {guide.title}",
            "targetUrl": guide_url(guide),
            "targetCode": guide.code,
            "targetFramework": GUIDE_FRAMEWORK,
            "targetType": "ext:AlmenVejledning",
            "targetDescription": guide.summary,
        }
    ]
    links = GuideCompetence.objects.filter(guide=guide).select_related("competence")
    for link in links.order_by("competence__sort_order", "competence__name"):
        competence = link.competence
        level = _("Niveau %(level)s: %(descriptor)s") % {
            "level": link.level,
            "descriptor": competence.descriptor(link.level),
        }
        aligned.append(
            {
                "type": ["Alignment"],
                "targetName": competence.name,
                "targetUrl": f"{guide_url(guide)}#{competence_anchor(competence.code)}",
                "targetCode": competence.code,
                "targetFramework": COMPETENCE_FRAMEWORK,
                "targetType": "ceasn:Competency",
                "targetDescription": level,
            }
        )
    return aligned


def achievement(course: CoursePage, provider: Organisation, *, name: str = "") -> Document:
    """The course as an OB 3.0 Achievement, aligned to its guide and competences."""
    with translation.override("da"):
        guide = course.guide
        document: Document = {
            "id": addresses.achievement_url(course.pk),
            "type": ["Achievement"],
            "achievementType": "Course",
            "name": name or course.title,
            "description": course.summary or course.title,
            "criteria": {"narrative": _criteria(course)},
            "creator": issuer_reference(provider),
            "alignment": _alignments(guide),
            "fieldOfStudy": guide.get_series_display(),
            "tag": [guide.code],
            "inLanguage": course.language,
        }
        url = _page_url(course)
        if url:
            document["criteria"]["id"] = url
        return document


# --- The credential ----------------------------------------------------------------------


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0's IdentityHash: ``sha256$`` and the hex digest of the address and the salt."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def subject_id(credential_id: uuid.UUID) -> str:
    """The credential subject's id (OB 3.0's ``sub``): opaque, one per credential, so two
    credentials of the same person cannot be linked by it."""
    return uuid.uuid5(credential_id, "credentialSubject").urn


def status_entry(provider_id: int, status_index: int) -> Document:
    number, index = status.position(status_index)
    list_url = addresses.status_list_url(provider_id, number)
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": status.PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def _hours(certificate: Certificate) -> str:
    return f"{certificate.hours.normalize():f}".replace(".", ",")


def credential(
    *,
    credential_id: uuid.UUID,
    certificate: Certificate,
    course: CoursePage,
    provider: Organisation,
    email: str,
    status_index: int,
) -> Document:
    """The OpenBadgeCredential of ``certificate``: what the certificate says, the achievement
    as the course is now, and the learner only as a salted hash of their e-mail address."""
    valid_from = timestamp(certificate.issued_at)
    salt = secrets.token_hex(16)
    with translation.override("da"):
        description = _(
            "Kursusbevis for «%(course)s» hos %(provider)s, gennemført den %(date)s "
            "(%(hours)s timer)."
        ) % {
            "course": certificate.course_title,
            "provider": certificate.provider_name,
            "date": long_date(certificate.completed_on),
            "hours": _hours(certificate),
        }
    document: Document = {
        "@context": contexts(),
        "id": credential_id.urn,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.course_title,
        "description": description,
        "issuer": issuer_reference(provider),
        "validFrom": valid_from,
        "awardedDate": valid_from,
        "credentialSubject": {
            "id": subject_id(credential_id),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(email, salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": achievement(course, provider, name=certificate.course_title),
        },
        "credentialStatus": status_entry(provider.pk, status_index),
        "credentialSchema": [{"id": addresses.OB_SCHEMA, "type": addresses.OB_SCHEMA_TYPE}],
    }
    if certificate.expires_on:
        document["validUntil"] = timestamp(end_of_day(certificate.expires_on))
    return document


def jwt_claims(document: Document) -> Document:
    """The credential plus the JWT claims OB 3.0 § 8.2.4 requires, each mirroring a property."""
    claims = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "sub": document["credentialSubject"]["id"],
        "nbf": _numeric_date(document["validFrom"]),
    }
    if "validUntil" in document:
        claims["exp"] = _numeric_date(document["validUntil"])
    return claims


def _numeric_date(value: str) -> int:
    return int(datetime.fromisoformat(value).timestamp())


# --- The status list ---------------------------------------------------------------------


def status_list_credential(provider: Organisation, number: int, *, now: datetime) -> Document:
    """The provider's list ``number`` as a BitstringStatusListCredential (W3C, v1.0)."""
    list_url = addresses.status_list_url(provider.pk, number)
    return {
        "@context": [addresses.VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_reference(provider),
        "validFrom": timestamp(now),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status.PURPOSE,
            "encodedList": status.encoded_list(provider.pk, number),
        },
    }
