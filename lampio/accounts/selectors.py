from allauth.account.models import EmailAddress

from lampio.core.models import AuditEvent


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
    }
