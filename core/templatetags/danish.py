"""``{% load danish %}``: the site's money and date formats as template filters.

``{{ page.price|money }}`` → ``1.500,00 kr.``; ``{{ day|long_date }}`` → ``25. december 2026``;
``{{ moment|long_datetime }}`` → ``4. december 2026 kl. 05.38``; ``{{ day|short_date }}`` →
``25. dec. 2026`` (dense tables); ``{{ session.starts_at|time_span:session.ends_at }}`` →
``fredag 1. januar 2027 kl. 09.00–16.00``; ``<time datetime="{{ moment|iso_datetime }}">``.
Each filter is a thin wrapper around ``core.formats``; see there for the rules.
"""

from django import template

from core import formats

register = template.Library()

# ``expects_localtime``: Django hands the filter an aware datetime already in the current
# time zone, exactly as it does for its own ``|date``.
register.filter("money", formats.money, is_safe=True)
register.filter("long_date", formats.long_date, expects_localtime=True, is_safe=False)
register.filter("short_date", formats.short_date, expects_localtime=True, is_safe=False)
register.filter("month", formats.month, expects_localtime=True, is_safe=False)
register.filter("long_datetime", formats.long_datetime, expects_localtime=True, is_safe=False)
register.filter("clock", formats.clock, expects_localtime=True, is_safe=False)
register.filter("time_span", formats.time_span, expects_localtime=True, is_safe=False)
register.filter("iso_date", formats.iso_date, expects_localtime=True, is_safe=False)
register.filter("iso_datetime", formats.iso_datetime, expects_localtime=True, is_safe=False)
