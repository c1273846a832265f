"""The courses app's URLs, one module per mount point in lms.urls: ``site`` (at the root),
``certificates`` (``bevis/``) and ``calendar`` (``kalender/``)."""
