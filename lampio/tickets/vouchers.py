"""Culture vouchers: a municipality issues a batch of codes; each adds its value to one
balance, once, paid from the municipality's sponsorship account."""

import secrets
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from lampio.core.audit import audit_record
from lampio.core.rate_limits import rate_check
from lampio.core.refusals import RefusedError

from .ledger import balance_account, ledger_post, sponsorship_account
from .models import Voucher, VoucherBatch

# No letters or digits that are read as one another on paper (0/O, 1/I/L, 2/Z, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_GROUPS, GROUP_LENGTH = 3, 4  # "ACDE-FGHJ-KMNP": 25^12 ≈ 6·10^16 codes
SMALLEST_VALUE_CENTS, LARGEST_VALUE_CENTS = 100, 10_000
LARGEST_BATCH = 2_000


def code_new() -> str:
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def code_normal(typed: str) -> str:
    """What a person typed, as codes are stored: capitals, dashes where they belong, spaces
    and the dashes they typed (or did not) ignored."""
    letters = "".join(ch for ch in str(typed).upper() if ch.isalnum())[: CODE_GROUPS * GROUP_LENGTH]
    return "-".join(
        letters[start : start + GROUP_LENGTH] for start in range(0, len(letters), GROUP_LENGTH)
    )


@transaction.atomic
def voucher_batch_issue(
    *, municipality, name: str, value_cents: int, count: int, valid_until: date, actor
) -> VoucherBatch:
    if not SMALLEST_VALUE_CENTS <= value_cents <= LARGEST_VALUE_CENTS:
        raise RefusedError("tickets.voucher_value")
    if not 1 <= count <= LARGEST_BATCH:
        raise RefusedError("tickets.voucher_count", largest=LARGEST_BATCH)
    if valid_until < timezone.localdate():
        raise RefusedError("tickets.voucher_valid_until")
    batch = VoucherBatch.objects.create(
        municipality=municipality,
        name=name,
        value_cents=value_cents,
        count=count,
        valid_until=valid_until,
        created_by=actor,
    )
    codes: set[str] = set()
    while len(codes) < count:  # a code drawn twice, or one of an earlier batch, is drawn again
        drawn = {code_new() for _ in range(count - len(codes))} - codes
        drawn -= set(Voucher.objects.filter(code__in=drawn).values_list("code", flat=True))
        codes |= drawn
    Voucher.objects.bulk_create([Voucher(batch=batch, code=code) for code in sorted(codes)])
    audit_record(
        action="tickets.vouchers_issued",
        actor=actor,
        municipality=municipality,
        target=batch,
        data={"count": count, "value_cents": value_cents},
    )
    return batch


@transaction.atomic
def voucher_redeem(*, person, code: str, actor, now: datetime | None = None) -> Voucher:
    """Add a voucher's value to `person`'s balance. A code is used once; an unknown, used or
    expired one is refused with nothing written."""
    now = now or timezone.now()
    voucher = (
        Voucher.objects.select_for_update()
        .select_related("batch", "batch__municipality")
        .filter(code=code_normal(code))
        .first()
    )
    if voucher is None:
        raise RefusedError("tickets.voucher_unknown")
    if voucher.redeemed_at is not None:
        raise RefusedError("tickets.voucher_used")
    if voucher.batch.valid_until < timezone.localdate(now):
        raise RefusedError("tickets.voucher_expired")
    value = voucher.batch.value_cents
    voucher.redemption = ledger_post(
        kind="voucher",
        lines=[
            (sponsorship_account(voucher.batch.municipality), -value),
            (balance_account(person), value),
        ],
        idempotency_key=f"voucher:{voucher.pk}",
        memo=voucher.batch.name[:200],
        actor=actor,
    )
    voucher.redeemed_by = person
    voucher.redeemed_at = now
    voucher.save(update_fields=["redemption", "redeemed_by", "redeemed_at"])
    return voucher


# A code is 12 characters of 25: guessing one takes ~10^16 tries; a person gets 10 an hour and
# an address 30 (counted in the shared cache, so every process sees the same counts).
VOUCHER_RATES = (("user_or_ip", "10/h"), ("ip", "30/h"))


def voucher_rate_check(request) -> None:
    rate_check(
        request, group="lampio-voucher", rates=VOUCHER_RATES, refusal="tickets.too_many_tries"
    )
