"""Money as a double-entry ledger in integer cents (see ledger.py for the rules)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lampio.municipalities.models import Municipality


class LedgerAccount(models.Model):
    """Where money is: a person's prepaid balance, a producer's earnings, a municipality's
    sponsorship, the payment provider (money on its way in or out), VAT payable and the
    platform's fee. `balance_cents` is the sum of the account's entries, kept in the same
    transaction as each entry under the account's row lock (ledger_check proves it)."""

    class Kind(models.TextChoices):
        BALANCE = "balance", _("Prepaid balance")
        PRODUCER = "producer", _("Producer's earnings")
        SPONSORSHIP = "sponsorship", _("Municipality's sponsorship")
        PROVIDER = "provider", _("Payment provider")
        VAT = "vat", _("VAT payable")
        PLATFORM = "platform", _("Platform fee")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The books are kept when an account is deleted; the person's name is not.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ledger_accounts",
    )
    producer = models.ForeignKey(
        "programme.Producer",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
    )
    balance_cents = models.BigIntegerField(_("balance in cents"), default=0)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="balance") | models.Q(balance_cents__gte=0),
                name="prepaid_balance_never_negative",
            ),
            models.UniqueConstraint(
                fields=["kind", "person"],
                condition=models.Q(person__isnull=False),
                name="one_account_per_person_and_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "producer"],
                condition=models.Q(producer__isnull=False),
                name="one_account_per_producer_and_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="one_account_per_municipality_and_kind",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(
                    person__isnull=True, producer__isnull=True, municipality__isnull=True
                )
                & ~models.Q(kind="balance"),
                name="one_platform_account_per_kind",
            ),
        ]

    def __str__(self) -> str:
        owner = self.person or self.producer or self.municipality or _("Lämpiö")
        return f"{self.get_kind_display()}: {owner}"


class LedgerTransaction(models.Model):
    """One movement of money: entries that add up to zero, written together."""

    class Kind(models.TextChoices):
        TOP_UP = "top_up", _("Top-up")
        PURCHASE = "purchase", _("Ticket")
        REFUND = "refund", _("Refund")
        SPONSORSHIP = "sponsorship", _("Sponsorship")
        VOUCHER = "voucher", _("Culture voucher")
        PAYOUT = "payout", _("Payment to a producer")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # A request repeated (a double tap, a callback that arrives twice) finds its first result.
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=120, unique=True, null=True, blank=True
    )
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class LedgerEntry(models.Model):
    transaction = models.ForeignKey(
        LedgerTransaction,
        verbose_name=_("transaction"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    account = models.ForeignKey(
        LedgerAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="entries"
    )
    # Positive: the account's balance grows; negative: it shrinks.
    amount_cents = models.BigIntegerField(_("amount in cents"))

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount_cents=0), name="ledger_entry_moves_money"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.amount_cents}"


class Ticket(models.Model):
    """The right to watch: one showing, or a recording for RECORDING_DAYS. Its price and VAT
    are copied from the offering when bought, so a later price change never touches it."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REFUNDED = "refunded", _("Refunded")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="tickets",
    )
    offering = models.ForeignKey(
        "programme.Offering",
        verbose_name=_("offering"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    showing = models.ForeignKey(
        "programme.Showing",
        verbose_name=_("showing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    price_cents = models.PositiveIntegerField(_("price in cents"))
    vat_cents = models.PositiveIntegerField(_("VAT in cents"))
    vat_basis_points = models.PositiveSmallIntegerField(_("VAT (1/100 %)"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    payment = models.OneToOneField(
        LedgerTransaction,
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        related_name="ticket",
    )
    bought_at = models.DateTimeField(_("bought"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-bought_at"]
        indexes = [models.Index(fields=["showing", "status"])]

    def __str__(self) -> str:
        return f"{self.offering} – {self.person}"


class Payment(models.Model):
    """A payment through the payment provider (today: topping up a balance). Settled once,
    whether the provider's callback arrives, arrives twice, or never and a status query
    settles it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Not paid")

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    provider = models.CharField(_("payment service"), max_length=20)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="payments",
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    amount_cents = models.PositiveIntegerField(_("amount in cents"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    ledger_transaction = models.OneToOneField(
        LedgerTransaction,
        verbose_name=_("ledger transaction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment",
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0), name="payment_has_an_amount"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class LocalProviderPayment(models.Model):
    """The local test provider's own record of what the payer chose (as a real service keeps
    its own), read by its status query."""

    reference = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=10, default="pending")

    class Meta:
        verbose_name = _("test payment")
        verbose_name_plural = _("test payments")

    def __str__(self) -> str:
        return self.reference
