"""Single sign-on with OpenID Connect (issue 15): each organisation's own identity provider.

An organisation's ``IdentityProvider`` row is all the configuration there is: the allauth app
is built from it on the fly (``organisations.adapters.SocialAccountAdapter.list_apps``), so no
``SocialApp`` rows exist. The pieces:

- ``selectors``: which identity provider an e-mail address, an allauth app id or a person has;
- ``provider``: allauth's OpenID Connect provider with a nonce, a login hint and our checks;
- ``policy``: the checks of the identity provider's claims, and what refuses a login;
- ``session`` and ``stages``: a second factor the identity provider asserted (``amr``);
- ``services``: linking a person, or creating one with a membership, on the first login;
- ``discovery``: fetching the provider's discovery document, cached and with a timeout;
- ``refusals``: why a login failed, as a code for the log and the audit;
- ``flows``, ``views``, ``forms``, ``urls``: the login page's e-mail step and the pages around
  it (on the way out, refused, unavailable);
- ``viewsets``: the admin, for the network secretariat only.
"""
