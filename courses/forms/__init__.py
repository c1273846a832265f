"""The courses app's forms: ``catalogue`` (the catalogue's filters), ``learner`` (approvals,
evaluation, enrolling a colleague) and ``certificates`` (revocation). The back office's forms
live in ``courses.admin.forms``."""
