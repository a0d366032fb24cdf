from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.models import AuditEvent, SiteFeedback
from lampio.core.plain_text import one_line_cut
from lampio.core.refusals import RefusedError
from lampio.municipalities.models import Municipality

from .models import HelperRelation, Invitation
from .selectors import address_matches, user_emails
from .session_signals import account_deleting, logged_out_everywhere


def default_display_name(*, name: str, municipality: Municipality | None) -> str:
    """ "Aino, Tampere": the first name and the home town, as the foyer shows people."""
    first = (name.split() or [""])[0]
    display = f"{first}, {municipality.name_fi}" if municipality else first
    return one_line_cut(display, get_user_model()._meta.get_field("display_name").max_length)


def user_logout_everywhere(*, user) -> None:
    """End every session of the user, on every device."""
    with transaction.atomic():
        get_user_model().objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        audit_record(action="accounts.logged_out_everywhere", actor=user, subject=user)
        logged_out_everywhere.send(sender=get_user_model(), user=user)


def _audit_if_helper(*, action: str, actor, user) -> None:
    if actor is not None and actor.pk != user.pk:
        audit_record(action=action, actor=actor, subject=user, municipality=user.home_municipality)


def user_profile_update(
    *, user, name: str, display_name: str, home_municipality, language: str, actor=None
):
    user.name = name
    user.first_name = name.split()[0]
    user.display_name = display_name or default_display_name(
        name=name, municipality=home_municipality
    )
    user.home_municipality = home_municipality
    user.language = language
    user.save(update_fields=["name", "first_name", "display_name", "home_municipality", "language"])
    _audit_if_helper(action="accounts.profile_updated_by_helper", actor=actor, user=user)
    return user


def user_language_set(*, user, language: str) -> None:
    """The person chose a language in the page's switch: it is theirs from now on, for pages
    on every device and for the emails Lämpiö sends them."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_consents_update(*, user, analytics: bool, statistics: bool, actor=None):
    now = timezone.now()
    user.analytics_consent_at = (user.analytics_consent_at or now) if analytics else None
    if statistics and user.birth_year_band:
        user.statistics_consent_at = user.statistics_consent_at or now
    else:
        user.statistics_consent_at = None
        user.birth_year_band = ""
    user.save(update_fields=["analytics_consent_at", "statistics_consent_at", "birth_year_band"])
    _audit_if_helper(action="accounts.consents_updated_by_helper", actor=actor, user=user)
    return user


@transaction.atomic
def user_delete(*, user) -> None:
    """Remove the person and their personal data. What they did for others stays, without
    them: foyer messages and feedback lose the name, audit events keep the action with the
    person emptied, and copies of the person's addresses (invitations, pending helper
    requests, the help form) are removed. Open connections close."""
    from .helper_relations import people_only_reachable_through

    stranded = people_only_reachable_through(user)
    if stranded:
        raise RefusedError(
            "accounts.people_depend_on_you", names=", ".join(p.name_shown for p in stranded)
        )
    emails = user_emails(user)
    user_logout_everywhere(user=user)
    account_deleting.send(sender=get_user_model(), user=user, emails=emails)
    if emails:
        Invitation.objects.filter(address_matches(emails, "email")).delete()
        HelperRelation.objects.filter(
            address_matches(emails, "helper_email"), helper__isnull=True
        ).delete()
        SiteFeedback.objects.filter(address_matches(emails, "email")).update(
            name="", email="", phone=""
        )
        for event in AuditEvent.objects.filter(address_matches(emails, "data__email")):
            event.data = {**event.data, "email": ""}
            event.save(update_fields=["data"])
    # An audit entry names its target as it was then ("Aino Virtanen → helper@…"); the
    # entry stays, the person's name and addresses leave it.
    named = Q(pk__in=[])
    for name in {user.name.strip(), user.display_name.strip(), user.username}:
        if name:
            named |= Q(target_repr__icontains=name)
    AuditEvent.objects.filter(
        named | address_matches(emails, "target_repr", lookup="icontains")
    ).update(target_repr="")
    audit_record(
        action="accounts.account_deleted", data={"municipality": user.home_municipality_id}
    )
    user.delete()
