"""Demo money: the demo viewers keep a balance, and some have bought the paid recording, so
the producer's ticket page and the ledger have something real in them; Helsinki sponsors the
paid concert for its residents; a batch of Helsinki's culture vouchers waits to be tried.
Loading again changes nothing (every movement has its idempotency key; the sponsorship and
the voucher batch are made once)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lampio.accounts.models import User
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering
from lampio.tickets.ledger import balance_account, ledger_post, platform_account
from lampio.tickets.models import LedgerAccount, Sponsorship, Voucher, VoucherBatch
from lampio.tickets.services import ticket_buy
from lampio.tickets.sponsorships import sponsorship_make
from lampio.tickets.vouchers import voucher_batch_issue

DEMO_BALANCE_CENTS = 2000
BUYERS = 20
PAID_RECORDING = "tanssitaan-kotona"
SPONSORED = "englanninkielinen-konsertti"
VOUCHER_BATCH = "Demo: Helsingin kulttuuriseteli"


@transaction.atomic
def demo_tickets_load() -> dict[str, int]:
    recording = Offering.objects.filter(slug=PAID_RECORDING, price_cents__gt=0).first()
    viewers = User.objects.filter(username__startswith="demo-katsoja-").order_by("pk")[:BUYERS]
    tickets = 0
    for viewer in viewers:
        ledger_post(
            kind="top_up",
            lines=[
                (platform_account(LedgerAccount.Kind.PROVIDER), -DEMO_BALANCE_CENTS),
                (balance_account(viewer), DEMO_BALANCE_CENTS),
            ],
            idempotency_key=f"demo:top-up:{viewer.username}",
            memo="demo",
        )
        if recording is not None:
            ticket_buy(person=viewer, offering=recording, idempotency_key="demo")
            tickets += 1
    helsinki = Municipality.objects.filter(slug="helsinki").first()
    sponsored = Offering.objects.filter(slug=SPONSORED, price_cents__gt=0).first()
    if helsinki and sponsored and not Sponsorship.objects.filter(offering=sponsored).exists():
        sponsorship_make(
            municipality=helsinki,
            offering=sponsored,
            budget_cents=None,
            max_tickets=50,
            actor=None,
        )
    batch = VoucherBatch.objects.filter(name=VOUCHER_BATCH).first()
    if helsinki and batch is None:
        batch = voucher_batch_issue(
            municipality=helsinki,
            name=VOUCHER_BATCH,
            value_cents=1000,
            count=20,
            valid_until=timezone.localdate() + timedelta(days=365),
            actor=None,
        )
    unused = (
        list(
            Voucher.objects.filter(batch=batch, redeemed_at=None)
            .order_by("pk")
            .values_list("code", flat=True)[:3]
        )
        if batch
        else []
    )
    return {"balances": len(viewers), "tickets": tickets, "voucher codes to try": unused}
