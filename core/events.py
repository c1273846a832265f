"""The status-event base: one step in the history of something that moves through statuses.

A competence plan (``competencies.PlanEvent``) and a learning-log entry (``onsite.EntryEvent``)
keep their history the same way: who moved it from which status to which, when, and with what
comment. A step whose status stays the same is a comment (or, in the log, a co-signature).

Each concrete event names the object it belongs to in ``subject_field`` (its own foreign key,
``related_name="events"``) and overrides ``from_status``/``to_status`` with its own choices and
length; the table stays the app's own. ``record`` appends one step.
"""

from __future__ import annotations

from typing import ClassVar, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusEvent(models.Model):
    """Abstract: one status change or comment, by an actor, at a time, in ``created_at`` order."""

    # The name of the concrete model's foreign key to the object whose history this is.
    subject_field: ClassVar[str]

    from_status = models.CharField(_("fra"), max_length=20, blank=True)
    to_status = models.CharField(_("til"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    comment = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        subject_id = self.serializable_value(self.subject_field)
        return f"{subject_id}: {self.from_status} → {self.to_status}"

    @property
    def is_comment(self) -> bool:
        """A step that leaves the status as it was: a comment (or a co-signature)."""
        return self.from_status == self.to_status

    @classmethod
    def record(
        cls,
        subject: models.Model,
        *,
        from_status: str,
        to_status: str,
        actor: AbstractBaseUser | None,
        comment: str = "",
    ) -> Self:
        """Append one step to ``subject``'s history (one INSERT) and return it."""
        return cls._default_manager.create(
            **{cls.subject_field: subject},
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            comment=comment,
        )
