"""The courses app's views: ``catalogue`` (the catalogue, comparison and guides), ``learner``
(enrol, cancel, approvals, evaluation), ``certificates``, ``calendar`` (downloads and the
feed) and ``admin`` (onboarding course providers). The sessions back office is
``courses.admin``."""
