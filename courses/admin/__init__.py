"""The providers' back office for sessions (hold) in the Wagtail admin: the sessions listing
and its forms (``sessions``, ``forms``, ``filters``), participants and attendance
(``participants``), confirmed actions (``actions``) and evaluation results (``evaluations``),
grouped in the menu by ``menu``. Who may use it is ``courses.access``; Wagtail learns it from
``courses.permissions``; the spreadsheets' columns are ``courses.exports``.

(Not a Django admin module: Django's admin autodiscovery imports this package and finds
nothing to register.)
"""
