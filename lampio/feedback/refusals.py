"""Why feedback or viewing data was refused (RefusedError("feedback.<code>"))."""

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    # The viewing-data beacon
    "beacon_malformed": _("The viewing data was not in the expected form."),
    "beacon_too_large": _("Too much viewing data at once. Send it in smaller parts."),
    "beacon_future": _("The viewing data is dated in the future. Check the device's clock."),
    "beacon_too_old": _("The viewing data is too old to be counted."),
    "beacon_unknown_offering": _("No such performance is published."),
    "beacon_token": _("The viewing data did not come from a Lämpiö page. Reload the page."),
    "beacon_too_often": _("Too much viewing data from here. Please wait a moment."),
}
