"""Personal helpers (avustaja): naming one, confirming, creating an account for someone
without email, logging in with the helper's code, and acting on someone's behalf.

Everything a helper does for someone is audit-logged with both people.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.mail import templated_email_send
from lampio.core.refusals import RefusedError
from lampio.core.tokens import token_hash, token_new, token_plausible, username_new

from .models import HelperRelation, User
from .services import default_display_name

ACTING_FOR_SESSION_KEY = "lampio_acting_for"
CHOOSE_ACCOUNT_SESSION_KEY = "lampio_choose_account_until"
CHOOSE_ACCOUNT_SECONDS = 10 * 60


def helper_invite(*, person: User, email: str) -> HelperRelation:
    # Addresses are kept as allauth keeps them: lower case, whatever was typed.
    email = email.strip().lower()
    own = EmailAddress.objects.filter(user=person, email__iexact=email).exists()
    if own or (person.email and person.email.lower() == email.lower()):
        raise RefusedError("accounts.helper_self")
    if HelperRelation.objects.filter(person=person, helper_email__iexact=email).exists():
        raise RefusedError("accounts.helper_already")
    token, hashed = token_new()
    with transaction.atomic():
        relation = HelperRelation.objects.create(
            person=person, helper_email=email, token_hash=hashed
        )
        audit_record(
            action="accounts.helper_invited",
            actor=person,
            subject=person,
            municipality=person.home_municipality,
            target=relation,
        )
        url = settings.SITE_URL + reverse("accounts:helper_confirm", kwargs={"token": token})
        _send_helper_email(relation, url)
    return relation


def _send_helper_email(relation: HelperRelation, url: str) -> None:
    """In the helper's own language when they have an account; otherwise in the language of
    the person asking (the helper is likely to share it)."""
    address = (
        EmailAddress.objects.filter(email__iexact=relation.helper_email)
        .select_related("user")
        .first()
    )
    language = address.user.language if address is not None else relation.person.language
    templated_email_send(
        template_prefix="accounts/email/helper",
        to=[relation.helper_email],
        context={"relation": relation, "url": url},
        language=language,
    )


def helper_relation_pending(token: str) -> HelperRelation | None:
    if not token_plausible(token):
        return None
    return (
        HelperRelation.objects.select_related("person")
        .filter(token_hash=token_hash(token), status=HelperRelation.Status.PENDING)
        .first()
    )


@transaction.atomic
def helper_confirm(*, token: str, helper: User) -> HelperRelation:
    relation = helper_relation_pending(token)
    if relation is None:
        raise RefusedError("accounts.helper_expired")
    if relation.person_id == helper.pk:
        raise RefusedError("accounts.helper_self")
    if not EmailAddress.objects.filter(
        user=helper, email__iexact=relation.helper_email, verified=True
    ).exists():
        raise RefusedError("accounts.helper_wrong_person")
    relation.helper = helper
    relation.status = HelperRelation.Status.ACTIVE
    relation.accepted_at = timezone.now()
    relation.token_hash = ""
    relation.save(update_fields=["helper", "status", "accepted_at", "token_hash", "updated_at"])
    audit_record(
        action="accounts.helper_confirmed",
        actor=helper,
        subject=relation.person,
        municipality=relation.person.home_municipality,
        target=relation,
    )
    return relation


@transaction.atomic
def helper_person_create(
    *, helper: User, name: str, display_name: str, home_municipality, language: str
) -> User:
    """An account for someone without an email address; their codes go to the helper."""
    person = User.objects.create(
        username=username_new(),
        name=name,
        first_name=name.split()[0],
        display_name=display_name
        or default_display_name(name=name, municipality=home_municipality),
        home_municipality=home_municipality,
        language=language,
    )
    person.set_unusable_password()
    person.save(update_fields=["password"])
    relation = HelperRelation.objects.create(
        person=person,
        helper=helper,
        helper_email=helper.email,
        status=HelperRelation.Status.ACTIVE,
        codes_to_helper=True,
        accepted_at=timezone.now(),
    )
    audit_record(
        action="accounts.account_created_by_helper",
        actor=helper,
        subject=person,
        municipality=home_municipality,
        target=relation,
    )
    return person


def has_own_email(person: User) -> bool:
    return bool(person.email) or EmailAddress.objects.filter(user=person).exists()


def code_receivers_left(person: User, *, without: HelperRelation | None = None) -> int:
    """How many active helpers receive this person's login codes (besides `without`)."""
    relations = HelperRelation.objects.filter(
        person=person, status=HelperRelation.Status.ACTIVE, codes_to_helper=True
    )
    if without is not None:
        relations = relations.exclude(pk=without.pk)
    return relations.count()


def people_only_reachable_through(helper: User) -> list[User]:
    """People without an email address of their own whose only way in is this helper."""
    return [
        relation.person
        for relation in HelperRelation.objects.filter(
            helper=helper, status=HelperRelation.Status.ACTIVE, codes_to_helper=True
        ).select_related("person")
        if not has_own_email(relation.person)
        and code_receivers_left(relation.person, without=relation) == 0
    ]


@transaction.atomic
def helper_remove(*, relation: HelperRelation, by: User) -> None:
    """End a helper relation, unless it would leave an account nobody can log in to."""
    if by.pk not in (relation.person_id, relation.helper_id):
        raise PermissionDenied
    relation = (
        HelperRelation.objects.select_for_update().select_related("person").get(pk=relation.pk)
    )
    if (
        relation.status == HelperRelation.Status.ACTIVE
        and relation.codes_to_helper
        and not has_own_email(relation.person)
        and code_receivers_left(relation.person, without=relation) == 0
    ):
        raise RefusedError("accounts.last_helper", name=relation.person.name_shown)
    audit_record(
        action="accounts.helper_removed",
        actor=by,
        subject=relation.person,
        municipality=relation.person.home_municipality,
        data={"helper": relation.helper_id},
    )
    relation.delete()


def active_relation(*, helper: User, person_id) -> HelperRelation | None:
    return (
        HelperRelation.objects.select_related("person")
        .filter(helper=helper, person_id=person_id, status=HelperRelation.Status.ACTIVE)
        .first()
    )


def acting_start(*, helper: User, session, person_id) -> User:
    """Act for a person this helper helps, in this session (`session` is the login's
    session store, so the same call works from a view, a test or a management command)."""
    relation = active_relation(helper=helper, person_id=person_id)
    if relation is None:
        raise RefusedError("accounts.not_helper")
    session[ACTING_FOR_SESSION_KEY] = relation.person_id
    audit_record(
        action="accounts.acting_started",
        actor=helper,
        subject=relation.person,
        municipality=relation.person.home_municipality,
    )
    return relation.person


def acting_stop(*, helper: User, session) -> None:
    person_id = session.pop(ACTING_FOR_SESSION_KEY, None)
    if person_id:
        audit_record(
            action="accounts.acting_stopped",
            actor=helper,
            subject=User.objects.filter(pk=person_id).first(),
        )


def accounts_reachable_with_code(helper: User) -> list[User]:
    """People whose login codes this person's email receives."""
    return [
        relation.person
        for relation in HelperRelation.objects.select_related("person").filter(
            helper=helper, status=HelperRelation.Status.ACTIVE, codes_to_helper=True
        )
    ]


def login_as_helped_person(*, helper: User, session, person_id) -> User:
    """Right after the helper's code was used, continue as the person it was for."""
    until = session.get(CHOOSE_ACCOUNT_SESSION_KEY, 0)
    if until < timezone.now().timestamp():
        raise RefusedError("accounts.helper_code_too_late")
    if not str(person_id).isdigit():
        raise RefusedError("accounts.not_helper")
    relation = (
        HelperRelation.objects.select_related("person")
        .filter(
            helper=helper,
            person_id=person_id,
            status=HelperRelation.Status.ACTIVE,
            codes_to_helper=True,
        )
        .first()
    )
    if relation is None:
        raise RefusedError("accounts.not_helper")
    audit_record(
        action="accounts.logged_in_with_helper_code",
        actor=helper,
        subject=relation.person,
        municipality=relation.person.home_municipality,
    )
    return relation.person
