"""Test helpers that start real services on 127.0.0.1 (an OpenID Connect provider …)."""
