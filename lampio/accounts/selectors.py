from allauth.account.models import EmailAddress

from lampio.core.models import AuditEvent
from lampio.feedback.models import ViewingEvent

from .models import GroupHost, HelperRelation, ProducerMembership


def email_addresses(user):
    return EmailAddress.objects.filter(user=user)


def is_group_host(user) -> bool:
    return user.is_authenticated and GroupHost.objects.filter(user=user).exists()


def helpers_of(person):
    """Everyone this person has named as a helper, asked or accepted."""
    return HelperRelation.objects.filter(person=person).select_related("helper")


def people_helped_by(helper):
    return HelperRelation.objects.filter(
        helper=helper, status=HelperRelation.Status.ACTIVE
    ).select_related("person")


def helper_relation_of(user, relation_id: int) -> HelperRelation | None:
    """A helper relation this user is one side of (the person or the helper)."""
    relation = HelperRelation.objects.filter(pk=relation_id).select_related("person").first()
    if relation is None or user.pk not in (relation.person_id, relation.helper_id):
        return None
    return relation


def producer_members(producer):
    return ProducerMembership.objects.filter(producer=producer).select_related("user")


def user_data_export(*, user) -> dict:
    """Everything Lämpiö holds about a person, for "My data" (GDPR article 15 and 20)."""
    return {
        "account": {
            "name": user.name,
            "name_in_foyer": user.display_name,
            "home_municipality": user.home_municipality.name_fi if user.home_municipality else None,
            "language": user.language,
            "birth_year_band": user.birth_year_band or None,
            "statistics_consent_at": user.statistics_consent_at,
            "analytics_consent_at": user.analytics_consent_at,
            "joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "history": [
            {"time": event.created_at, "action": event.action}
            for event in AuditEvent.objects.filter(subject=user).order_by("created_at")
        ],
        "watched": [
            {
                "performance": entry.offering.title,
                "showing": entry.showing.starts_at if entry.showing else None,
                "last_watched": entry.last_watched_at,
            }
            for entry in user.watch_history.select_related("offering", "showing")
        ],
        "feedback": [
            {
                "performance": answer.offering.title,
                "showing": answer.showing.starts_at if answer.showing else None,
                "rating": answer.rating,
                "would_watch_again": answer.watch_again,
                "feeling_before": answer.mood_before,
                "feeling_after": answer.mood_after,
                "comment": answer.comment,
                "answers": answer.answers,
                "group_size": answer.group_size,
                "answered": answer.updated_at,
            }
            for answer in user.feedback.select_related("offering", "showing")
        ],
        # Viewing events are linked to a person only with consent; deleting the account
        # unlinks them, and they are deleted after the retention time in any case.
        "viewing_events_linked": ViewingEvent.objects.filter(user=user).count(),
    }
