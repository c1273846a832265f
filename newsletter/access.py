"""Who may see and do what with the newsletter: the one access policy of ``newsletter``
(shape in ``core/access.py``).

- everybody (no login) signs up, confirms, changes topics and unsubscribes through signed
  links, and reads the archive of sent issues; a draft or an issue being sent is 404;
- the network editors compose, preview, test and send issues in the Wagtail admin (Django
  model permissions on ``Issue``, granted to their group by ``NewsletterConfig``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from newsletter.models import Issue, IssueStatus

if TYPE_CHECKING:
    from organisations.access import AnyUser


def archive_issues_for(user: AnyUser) -> QuerySet[Issue]:
    """Sent issues, newest first: the archive is public."""
    return Issue.objects.filter(status=IssueStatus.SENT).order_by("-sent_at", "-pk")


def get_archive_issue_for(user: AnyUser, pk: int) -> Issue:
    issue = archive_issues_for(user).filter(pk=pk).first()
    if issue is None:
        raise Http404
    return issue


def admin_issues_for(user: AnyUser) -> QuerySet[Issue]:
    """Every issue, for those who may edit issues; none for anybody else."""
    if not user.is_authenticated or not user.has_perm("newsletter.change_issue"):
        return Issue.objects.none()
    return Issue.objects.all()


def get_admin_issue_for(user: AnyUser, pk: int) -> Issue:
    issue = admin_issues_for(user).filter(pk=pk).first()
    if issue is None:
        raise Http404
    return issue


@dataclass(frozen=True)
class IssueActions:
    can_send: bool


def actions_for(user: AnyUser, issue: Issue) -> IssueActions:
    return IssueActions(
        can_send=(
            user.is_authenticated
            and user.has_perm("newsletter.change_issue")
            and issue.status != IssueStatus.SENT
        )
    )
