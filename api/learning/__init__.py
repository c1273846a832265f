"""The API's learning resources: enrolments, completions and certificates, competence levels
and evidence, and building projects' approved learning-log entries as xAPI statements.

Built on the API foundation (``api.base``, ``api.authentication``, ``api.pagination``); every
read starts from the apps' access policies (``courses.access``, ``competencies.access``,
``onsite.access``) for the token's principal, limited to the token's organisation.
"""
