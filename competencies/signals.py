"""What keeps the gap analysis's stored rows right (``competencies.services.summaries``).

The rows are derived data, like a database trigger's: whatever writes evidence, a membership or
a role profile — a service, the Wagtail admin, the privacy app's erasure, a factory in a test —
rewrites the people it touches in the same transaction. Model signals are the one place that
sees every such write; bulk writes that bypass them (the HR import, the API's upsert) send
``organisations.signals.memberships_changed`` instead, and bulk loaders (the scale generator)
call ``summaries_rebuild``. Connected in ``CompetenciesConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from competencies.models import Evidence, RoleProfile, RoleProfileRequirement
from competencies.services import summaries
from organisations.models import Membership
from organisations.signals import memberships_changed

# A membership save that names only other columns (roles, manager, title, a sync's
# ``updated_at``) changes nobody's requirements or levels.
MEMBERSHIP_COLUMNS = {"user", "organisation", "department", "job_function", "is_active"}


def _evidence_changed(sender: Any, instance: Evidence, **kwargs: Any) -> None:
    summaries.people_refresh(user_ids=[instance.user_id])


def _membership_saved(sender: Any, instance: Membership, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    names = {name.removesuffix("_id") for name in update_fields or ()}
    if update_fields is None or names & MEMBERSHIP_COLUMNS:
        summaries.people_refresh(user_ids=[instance.user_id])


def _membership_deleted(sender: Any, instance: Membership, **kwargs: Any) -> None:
    summaries.people_refresh(user_ids=[instance.user_id])


def _memberships_changed(sender: Any, membership_ids: list[int], **kwargs: Any) -> None:
    summaries.memberships_refresh(membership_ids=membership_ids)


def _profile_changed(sender: Any, instance: RoleProfile, **kwargs: Any) -> None:
    summaries.profile_refresh(profile=instance)


def _requirement_changed(sender: Any, instance: RoleProfileRequirement, **kwargs: Any) -> None:
    profile = RoleProfile.objects.filter(pk=instance.profile_id).first()
    if profile is not None:  # None: deleted with its profile, which says so itself
        summaries.profile_refresh(profile=profile)


def connect() -> None:
    for model in (Evidence,):
        post_save.connect(_evidence_changed, sender=model, dispatch_uid="competencies_ev_save")
        post_delete.connect(_evidence_changed, sender=model, dispatch_uid="competencies_ev_del")
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="competencies_ms_save")
    post_delete.connect(_membership_deleted, sender=Membership, dispatch_uid="competencies_ms_del")
    memberships_changed.connect(_memberships_changed, dispatch_uid="competencies_ms_bulk")
    post_save.connect(_profile_changed, sender=RoleProfile, dispatch_uid="competencies_rp_save")
    post_delete.connect(_profile_changed, sender=RoleProfile, dispatch_uid="competencies_rp_del")
    post_save.connect(
        _requirement_changed, sender=RoleProfileRequirement, dispatch_uid="competencies_rq_save"
    )
    post_delete.connect(
        _requirement_changed, sender=RoleProfileRequirement, dispatch_uid="competencies_rq_del"
    )
