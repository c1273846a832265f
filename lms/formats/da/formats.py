"""Danish display formats, overriding Django's where they differ from Danish usage.

Django's Danish ``DATETIME_FORMAT`` is "4. december 2026 05:38"; Danish writes the time with
"kl." and a full stop ("4. december 2026 kl. 05.38", Dansk Sprognævn). Everything not set here
(input formats, the numeric ``SHORT_*`` formats that Wagtail's spreadsheet export turns into
Excel cell formats, separators) comes from Django's ``da`` module. See ``core.formats``.
"""

DATE_FORMAT = "j. F Y"  # 25. december 2026
TIME_FORMAT = "H.i"  # 05.38
DATETIME_FORMAT = r"j. F Y \k\l. H.i"  # 4. december 2026 kl. 05.38
YEAR_MONTH_FORMAT = "F Y"  # december 2026
MONTH_DAY_FORMAT = "j. F"  # 25. december
