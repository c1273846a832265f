"""The project's own date and number formats per language (``FORMAT_MODULE_PATH``).

Django looks here first and falls back to its own locale formats for anything not set.
See ``core.formats`` for the set of formats the site uses and why.
"""
