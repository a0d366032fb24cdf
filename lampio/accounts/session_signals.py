"""Signals about a person's sessions, for the apps that keep connections open."""

from django.dispatch import Signal

# Sent inside the transaction that ends every session of `user`; the foyer closes the
# person's open connections when it commits.
logged_out_everywhere = Signal()
