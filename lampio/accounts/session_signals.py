"""Signals about a person's sessions and account, for the apps that keep connections open or
copies of the person's name and address."""

from django.dispatch import Signal

# Sent inside the transaction that ends every session of `user`; the foyer closes the
# person's open connections when it commits.
logged_out_everywhere = Signal()

# Sent inside the transaction that deletes `user`, before the row goes, with `emails` (every
# address the person had). Each app removes what it copied of the person (a name written on
# foyer messages, an address typed into a form); rows linked by foreign key follow the
# model's on_delete.
account_deleting = Signal()
