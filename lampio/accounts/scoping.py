"""Who may see and change what: the one scoping layer.

Every view or service that shows or changes data on behalf of a producer, a coordinator or
an admin asks `Scope.of(user)` for its querysets. Querying `Offering.objects` directly in
such a view is the visible mistake this module exists to prevent.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, Q, QuerySet

from lampio.core.models import AuditEvent
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering, Producer

from .models import CoordinatorAssignment, ProducerMembership, User

# A resident's own affairs (their helpers, their account): in the log for platform admins,
# never for their municipality's coordinators, who would otherwise see private addresses.
RESIDENTS_OWN_ACTIONS = (
    "accounts.account_created_by_helper",
    "accounts.account_deleted",
    "accounts.acting_started",
    "accounts.acting_stopped",
    "accounts.consents_updated_by_helper",
    "accounts.helper_confirmed",
    "accounts.helper_invited",
    "accounts.helper_removed",
    "accounts.logged_in_with_helper_code",
    "accounts.logged_out_everywhere",
    "accounts.login_link_used",
    "accounts.profile_updated_by_helper",
)


@dataclass(frozen=True)
class Scope:
    user: User

    @classmethod
    def of(cls, user) -> "Scope":
        return cls(user=user)

    # --- roles -------------------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return bool(self.user and self.user.is_authenticated)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_authenticated and self.user.is_active and self.user.is_superuser

    @cached_property
    def coordinated_municipality_ids(self) -> frozenset[int]:
        if not self.is_authenticated:
            return frozenset()
        return frozenset(
            CoordinatorAssignment.objects.filter(user=self.user).values_list(
                "municipality_id", flat=True
            )
        )

    @cached_property
    def producer_ids(self) -> frozenset[int]:
        if not self.is_authenticated:
            return frozenset()
        return frozenset(
            ProducerMembership.objects.filter(user=self.user).values_list("producer_id", flat=True)
        )

    @cached_property
    def trained_round_ids(self) -> frozenset[int]:
        """Academy rounds this person trains."""
        if not self.is_authenticated:
            return frozenset()
        from lampio.academy.models import RoundTrainer

        return frozenset(
            RoundTrainer.objects.filter(user=self.user).values_list("training_round_id", flat=True)
        )

    @property
    def is_trainer(self) -> bool:
        return bool(self.trained_round_ids)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinated_municipality_ids)

    @property
    def is_producer(self) -> bool:
        return bool(self.producer_ids)

    # --- what they may see or change ---------------------------------------------------
    def municipalities(self) -> QuerySet[Municipality]:
        """The municipalities this person coordinates (all of them for an admin)."""
        if self.is_platform_admin:
            return Municipality.objects.all()
        return Municipality.objects.filter(pk__in=self.coordinated_municipality_ids)

    def producers_editable(self) -> QuerySet[Producer]:
        if self.is_platform_admin:
            return Producer.objects.all()
        return Producer.objects.filter(pk__in=self.producer_ids)

    def offerings_editable(self) -> QuerySet[Offering]:
        """Offerings this person may change: their own organisation's (admins: all)."""
        if self.is_platform_admin:
            return Offering.objects.all()
        return Offering.objects.filter(producer_id__in=self.producer_ids)

    def offerings_insights(self) -> QuerySet[Offering]:
        """Offerings whose viewers and feedback this person reads: their own, and the
        academy pilots of the rounds they train."""
        if self.is_platform_admin or not self.is_trainer:
            return self.offerings_editable()
        from lampio.academy.models import Application

        pilot = Exists(
            Application.pilot_offerings.through.objects.filter(
                offering_id=OuterRef("pk"),
                application__training_round_id__in=self.trained_round_ids,
            )
        )
        return Offering.objects.filter(Q(producer_id__in=self.producer_ids) | Q(pilot))

    def may_edit_offering(self, offering: Offering) -> bool:
        """The same rule as offerings_editable(), for one offering, in at most one query."""
        return self.is_platform_admin or offering.producer_id in self.producer_ids

    def offerings_reviewable(self) -> QuerySet[Offering]:
        """Offerings this person decides on: those offered in their municipalities, and the
        academy pilots of the rounds they train. Nationwide offerings are decided by platform
        admins (and a pilot's trainers)."""
        if self.is_platform_admin:
            return Offering.objects.all()
        local = Q(
            Exists(
                Offering.municipalities.through.objects.filter(
                    offering_id=OuterRef("pk"),
                    municipality_id__in=self.coordinated_municipality_ids,
                )
            ),
            is_nationwide=False,
        )
        if not self.is_trainer:
            return Offering.objects.filter(local)
        from lampio.academy.models import Application

        pilot = Exists(
            Application.pilot_offerings.through.objects.filter(
                offering_id=OuterRef("pk"),
                application__training_round_id__in=self.trained_round_ids,
            )
        )
        return Offering.objects.filter(local | Q(pilot))

    def academy_applications(self):
        """Sent (or later withdrawn) academy applications this person selects from: those
        naming a municipality they coordinate. Admins see all; drafts are the applicant's."""
        from lampio.academy.models import Application

        sent = Application.objects.exclude(status=Application.Status.DRAFT)
        if self.is_platform_admin:
            return sent
        return sent.filter(
            Exists(
                Application.municipalities.through.objects.filter(
                    application_id=OuterRef("pk"),
                    municipality_id__in=self.coordinated_municipality_ids,
                )
            )
        )

    def producers_reviewable(self) -> QuerySet[Producer]:
        if self.is_platform_admin:
            return Producer.objects.all()
        return Producer.objects.filter(home_municipality_id__in=self.coordinated_municipality_ids)

    def audit_events(self) -> QuerySet[AuditEvent]:
        """The audit log: everything for admins, their municipalities' for coordinators."""
        if self.is_platform_admin:
            return AuditEvent.objects.all()
        if not self.coordinated_municipality_ids:
            return AuditEvent.objects.none()
        return AuditEvent.objects.filter(
            Q(municipality_id__in=self.coordinated_municipality_ids)
        ).exclude(action__in=RESIDENTS_OWN_ACTIONS)
