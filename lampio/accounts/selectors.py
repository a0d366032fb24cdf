import time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q

from lampio.core.models import AuditEvent, SiteFeedback

from .models import (
    CoordinatorAssignment,
    GroupHost,
    HelperRelation,
    Invitation,
    ProducerMembership,
)
from .personal_data import personal_data_sections


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


def user_emails(user) -> list[str]:
    """Every address the person has (lower case): the account's and allauth's."""
    addresses = {
        a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        addresses.add(user.email.lower())
    return sorted(addresses)


def address_matches(emails: list[str], field: str, *, lookup: str = "iexact") -> Q:
    """Any of the addresses, however its capitals were typed."""
    condition = Q(pk__in=[])
    for email in emails:
        condition |= Q(**{f"{field}__{lookup}": email})
    return condition


def user_data_export(*, user) -> dict:
    """Everything Lämpiö holds about a person, for "My data" (GDPR article 15 and 20)."""
    emails = user_emails(user)
    data = {
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
        "roles": {
            "producer_organisations": [
                m.producer.name for m in user.producer_memberships.select_related("producer")
            ],
            "coordinator_of": [
                a.municipality.name_fi
                for a in user.coordinator_assignments.select_related("municipality")
            ],
            "group_host_at": getattr(GroupHost.objects.filter(user=user).first(), "place", None),
            "academy_trainer_of": [
                trainer.training_round.name
                for trainer in user.academy_trainings.select_related("training_round")
            ],
        },
        "helpers": [
            {
                "helper": relation.helper.name if relation.helper else None,
                "helper_email": relation.helper_email,
                "status": relation.status,
                "login_codes_to_helper": relation.codes_to_helper,
                "since": relation.accepted_at or relation.created_at,
            }
            for relation in HelperRelation.objects.filter(person=user).select_related("helper")
        ],
        "helping": [
            {
                "person": relation.person.name,
                "status": relation.status,
                "since": relation.accepted_at or relation.created_at,
            }
            for relation in HelperRelation.objects.filter(helper=user).select_related("person")
        ],
        "invitations_to_me": [
            {"role": invitation.role, "email": invitation.email, "sent": invitation.created_at}
            for invitation in Invitation.objects.filter(address_matches(emails, "email"))
        ],
        "help_form_messages": [
            {
                "sent": message.created_at,
                "topic": message.topic,
                "name": message.name,
                "email": message.email,
                "phone": message.phone,
                "message": message.message,
                "page": message.page_url,
                "status": message.status,
            }
            for message in SiteFeedback.objects.filter(address_matches(emails, "email"))
        ],
        "two_factor_authentication": list(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "invitations_i_sent": [
            {"role": invitation.role, "email": invitation.email, "sent": invitation.created_at}
            for invitation in Invitation.objects.filter(invited_by=user)
        ],
        "history": [
            {"time": event.created_at, "action": event.action}
            for event in AuditEvent.objects.filter(subject=user).order_by("created_at")
        ],
        "what_i_did": [
            {"time": event.created_at, "action": event.action, "target": event.target_repr}
            for event in AuditEvent.objects.filter(actor=user).order_by("created_at")
        ],
    }
    for name, build in personal_data_sections().items():
        data[name] = build(user=user, emails=emails)
    return data


_work_tools_seen: dict[int, tuple[float, bool]] = {}
WORK_TOOLS_FRESH_SECONDS = 30.0


def has_work_tools(user) -> bool:
    """Does the header offer this person the work tools (admins, coordinators, producers,
    the academy's trainers)?
    Asked on every page, so each process remembers the answer for half a minute: a role
    given or taken shows in the header within that, while every permission is still
    checked where the tools are."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    now = time.monotonic()
    seen = _work_tools_seen.get(user.pk)
    if seen is not None and now - seen[0] < WORK_TOOLS_FRESH_SECONDS:
        return seen[1]
    answer = (
        CoordinatorAssignment.objects.filter(user=user).exists()
        or ProducerMembership.objects.filter(user=user).exists()
        or user.academy_trainings.exists()
    )
    if len(_work_tools_seen) > 50_000:
        _work_tools_seen.clear()
    _work_tools_seen[user.pk] = (now, answer)
    return answer
