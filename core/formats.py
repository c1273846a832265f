"""How the site writes money, dates and times: one place, Danish first.

Every page, e-mail, PDF and chart formats through these functions (templates through the
filters in ``core.templatetags.danish``), so a price or a date reads the same everywhere:

===================  =================================  ==========================================
function             Danish                             used for
===================  =================================  ==========================================
``money``            ``1.500,00 kr.``                   every amount: prices, VAT, costs, budgets
``long_date``        ``25. december 2026``              dates in text, lists and detail pages
``short_date``       ``25. dec. 2026``                  dense tables and chart axes only
``month``            ``dec. 2026``                      chart axes with one point per month
``long_datetime``    ``4. december 2026 kl. 05.38``     a moment (sent, approved, requested …)
``clock``            ``05.38``                          a time of day on its own
``time_span``        ``fredag 1. januar 2027 kl.        when a course session takes place: the
                     09.00–16.00``                      weekday, because people must show up
``iso_date`` /       ``2026-12-25`` /                   machine-readable ``<time datetime>``
``iso_datetime``     ``2026-12-04T05:38+01:00``         values (valid HTML: no microseconds)
===================  =================================  ==========================================

Amounts always carry two decimals, also whole kroner ("1.500,00 kr."): the sector's invoices
and budgets do, and one rule is easier to trust than two. The time of day follows the Danish
convention with a full stop ("kl. 05.38", Dansk Sprognævn), as the e-mails already did. The
named formats live in ``lms/formats/da/formats.py`` (``FORMAT_MODULE_PATH``), so Django's own
``{{ value }}`` and ``|date`` without an argument, and Wagtail's admin listings, agree with
these. English (the second language) keeps Django's English formats.

The kernel imports no app; these functions take plain values.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import overload

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

#: Between an amount and its unit: "1.500,00 kr." never breaks over two lines.
NBSP = "\u00a0"
CENT = Decimal("0.01")


# Formats that are not among Django's named ones (a format module can only set those), so they
# are translatable here, as Django once did with its own. The abbreviated month ("N") is
# Django's translated one: "jan.", "marts", "sept.", "dec." in Danish.
def _short_date_format() -> str:
    return pgettext("date format: 25. dec. 2026", "j. N Y")


def _month_format() -> str:
    return pgettext("date format: dec. 2026", "N Y")


def _weekday_date_format() -> str:
    return pgettext("date format: fredag 1. januar 2027", "l j. F Y")


Amount = Decimal | int | float | str


def money(value: Amount | None) -> str:
    """An amount of Danish kroner in the active language: ``1.500,00 kr.``; ``""`` for none.

    Rounded half up to whole øre (as on an invoice), grouped in thousands, with a no-break
    space before the unit. A value that is not a number gives ``""`` rather than an error page.
    """
    amount = _decimal(value)
    if amount is None:
        return ""
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if amount == 0:
        amount = abs(amount)  # never "-0,00 kr."
    text = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{text.replace(' ', NBSP)}{NBSP}{_('kr.')}"


def _decimal(value: Amount | None) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError, TypeError):
        return None
    return amount if amount.is_finite() else None


@overload
def _local(value: datetime) -> datetime: ...
@overload
def _local(value: date) -> date: ...
def _local(value: date | datetime) -> date | datetime:
    """An aware datetime in the site's time zone (a naive one is taken to be local already)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value: date | datetime | None) -> str:
    """``25. december 2026`` (Django's ``DATE_FORMAT`` of the active language)."""
    return date_format(_local(value), "DATE_FORMAT") if value else ""


def short_date(value: date | datetime | None) -> str:
    """``25. dec. 2026``: for dense tables and chart axes, where the long form does not fit."""
    return date_format(_local(value), _short_date_format()) if value else ""


def month(value: date | datetime | None) -> str:
    """``dec. 2026``: a month on a chart axis."""
    return date_format(_local(value), _month_format()) if value else ""


def long_datetime(value: datetime | None) -> str:
    """``4. december 2026 kl. 05.38`` in the site's time zone (``DATETIME_FORMAT``)."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return long_date(value)
    return date_format(_local(value), "DATETIME_FORMAT")


def clock(value: datetime | None) -> str:
    """``05.38``: the time of day in the site's time zone (``TIME_FORMAT``)."""
    return date_format(_local(value), "TIME_FORMAT") if value else ""


def time_span(start: datetime, end: datetime | None = None) -> str:
    """When something takes place, with the weekday: ``fredag 1. januar 2027 kl. 09.00–16.00``.

    Over several days: ``fredag 1. januar 2027 kl. 09.00 til lørdag 2. januar 2027 kl. 16.00``.
    """
    start = _local(start)
    if end is None:
        return _("%(date)s kl. %(start)s") % {
            "date": date_format(start, _weekday_date_format()),
            "start": clock(start),
        }
    end = _local(end)
    if start.date() == end.date():
        return _("%(date)s kl. %(start)s–%(end)s") % {
            "date": date_format(start, _weekday_date_format()),
            "start": clock(start),
            "end": clock(end),
        }
    return _("%(start_date)s kl. %(start)s til %(end_date)s kl. %(end)s") % {
        "start_date": date_format(start, _weekday_date_format()),
        "start": clock(start),
        "end_date": date_format(end, _weekday_date_format()),
        "end": clock(end),
    }


def iso_date(value: date | datetime | None) -> str:
    """``2026-12-25``: a valid HTML date string (the local date of a datetime)."""
    if not value:
        return ""
    local = _local(value)
    return (local.date() if isinstance(local, datetime) else local).isoformat()


def iso_datetime(value: date | datetime | None) -> str:
    """A valid HTML ``datetime`` attribute: ``2026-12-04T05:38+01:00`` for a moment (to the
    minute, with the offset, in the site's time zone), ``2026-12-25`` for a date."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return value.isoformat()
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value).isoformat(timespec="minutes")
