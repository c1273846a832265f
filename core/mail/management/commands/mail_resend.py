"""``manage.py mail_resend``: show the e-mails that are stuck, and send them again.

Without options it lists unsent e-mails older than the sweep's grace (changes nothing).
``--id 12 --id 13`` resends those rows, ``--failed`` every row the sweep gave up on,
``--all-unsent`` every unsent row. A sent e-mail is never sent again.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.mail.models import OutboundEmail
from core.mail.services import SWEEP_GRACE, email_resend

LIST_LIMIT = 200


class Command(BaseCommand):
    help = "List stuck e-mails, or resend unsent ones (--id, --failed, --all-unsent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--id", type=int, action="append", default=[], dest="ids")
        parser.add_argument("--failed", action="store_true", help="Resend every given-up e-mail.")
        parser.add_argument("--all-unsent", action="store_true", help="Resend every unsent e-mail.")

    def handle(
        self, *args: Any, ids: list[int], failed: bool, all_unsent: bool, **options: Any
    ) -> None:
        unsent = OutboundEmail.objects.filter(sent_at__isnull=True).order_by("pk")
        if ids:
            chosen = unsent.filter(pk__in=ids)
        elif failed:
            chosen = unsent.filter(failed_at__isnull=False)
        elif all_unsent:
            chosen = unsent
        else:
            self._list(unsent.filter(created_at__lte=timezone.now() - SWEEP_GRACE))
            return
        resent = sum(email_resend(outbound=outbound) for outbound in chosen)
        self.stdout.write(f"{resent} e-mail(s) enqueued for delivery again.")
        if ids and resent < len(set(ids)):
            self.stdout.write("Ids that were not resent are unknown or already sent.")

    def _list(self, stuck: Any) -> None:
        count = stuck.count()
        self.stdout.write(f"{count} unsent e-mail(s) older than {SWEEP_GRACE}.")
        for outbound in stuck[:LIST_LIMIT]:
            state = "GIVEN UP" if outbound.failed_at else "retrying"
            self.stdout.write(
                f"  #{outbound.pk:<8} {outbound.created_at:%Y-%m-%d %H:%M}  {state:<9} "
                f"attempts={outbound.attempts:<3} to={','.join(outbound.to)[:60]}  "
                f"error={outbound.last_error[:80]!r}"
            )
        if count > LIST_LIMIT:
            self.stdout.write(f"  … and {count - LIST_LIMIT} more.")
