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
    # The platform's fee from this ticket (PLATFORM_FEE_BASIS_POINTS when it was bought).
    fee_cents = models.PositiveIntegerField(_("platform fee in cents"), default=0)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    # A care-home group's one ticket, bought by its group host at the group price.
    is_group = models.BooleanField(_("group ticket"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    payment = models.OneToOneField(
        LedgerTransaction,
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        related_name="ticket",
    )
    # A helper buying for the person they help; the person holds the ticket.
    bought_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bought by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bought_at = models.DateTimeField(_("bought"), auto_now_add=True)
    # Paid by a municipality's sponsorship (the holder paid nothing).
    sponsorship = models.ForeignKey(
        "Sponsorship",
        verbose_name=_("sponsorship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    refund = models.OneToOneField(
        LedgerTransaction,
        verbose_name=_("refund"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunded_ticket",
    )

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
    # The payment service's own id of the payment (Paytrail's transaction id), for its status.
    provider_id = models.CharField(_("payment service's id"), max_length=80, blank=True)
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
    # Paying by card for a ticket the balance was short of: once paid, the ticket is bought
    # with this key (the money stays on the balance if it can no longer be bought).
    for_offering = models.ForeignKey(
        "programme.Offering",
        verbose_name=_("for a ticket to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    for_showing = models.ForeignKey(
        "programme.Showing",
        verbose_name=_("for a ticket to the showing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    for_ticket_key = models.CharField(max_length=40, blank=True)
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("ticket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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


class Sponsorship(models.Model):
    """A municipality pays for an offering (or one showing) for its residents, up to a budget
    or a number of tickets. Residents (by home municipality) get their ticket free; the
    producer is paid from the municipality's sponsorship account."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="sponsorships",
    )
    offering = models.ForeignKey(
        "programme.Offering",
        verbose_name=_("offering"),
        on_delete=models.PROTECT,
        related_name="sponsorships",
    )
    # None: every showing of the offering (and its recording).
    showing = models.ForeignKey(
        "programme.Showing",
        verbose_name=_("showing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsorships",
    )
    budget_cents = models.PositiveIntegerField(_("budget in cents"), null=True, blank=True)
    max_tickets = models.PositiveIntegerField(_("tickets at most"), null=True, blank=True)
    # Kept under the sponsorship's row lock with each ticket and refund.
    used_cents = models.PositiveIntegerField(_("used in cents"), default=0)
    used_tickets = models.PositiveIntegerField(_("tickets used"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_cents__isnull=False)
                | models.Q(max_tickets__isnull=False),
                name="sponsorship_has_a_limit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.offering}"

    def covers(self, price_cents: int) -> bool:
        """Is there room for one more ticket of this price?"""
        if self.max_tickets is not None and self.used_tickets >= self.max_tickets:
            return False
        return self.budget_cents is None or self.used_cents + price_cents <= self.budget_cents


class VoucherBatch(models.Model):
    """Culture vouchers a municipality issues (e.g. 500 codes of 10 €, printed for senior
    centres); each code adds its value to one balance, once."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="voucher_batches",
    )
    name = models.CharField(_("name"), max_length=120)
    value_cents = models.PositiveIntegerField(_("value in cents"))
    count = models.PositiveIntegerField(_("number of codes"))
    valid_until = models.DateField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("voucher batch")
        verbose_name_plural = _("voucher batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Voucher(models.Model):
    batch = models.ForeignKey(
        VoucherBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="vouchers"
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    redeemed_at = models.DateTimeField(_("used"), null=True, blank=True)
    redemption = models.OneToOneField(
        LedgerTransaction,
        verbose_name=_("ledger transaction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voucher",
    )

    class Meta:
        verbose_name = _("culture voucher")
        verbose_name_plural = _("culture vouchers")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code
