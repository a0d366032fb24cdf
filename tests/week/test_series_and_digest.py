""" "Every week" for a recurring series, and the weekly digest with its one-tap links."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from lampio.core.models import AuditEvent
from lampio.programme.services import showing_save
from lampio.week.digest import add_link_token, coming_week, digest_picks, digests_send
from lampio.week.models import DigestSent, ProgrammeEntry, SeriesFollow
from lampio.week.services import reminder_settings_save
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ShowingFactory

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def weekly():
    """The Monday chair exercise: three coming Mondays."""
    offering = OfferingFactory(status="published", title_fi="Tuolijumppa", slug="tuolijumppa")
    first = timezone.now() + timedelta(days=2)
    return [
        ShowingFactory(offering=offering, starts_at=first + timedelta(weeks=n)) for n in range(3)
    ]


def test_every_week_puts_the_series_and_its_later_showings_in_the_programme(
    weekly, django_capture_on_commit_callbacks
):
    aino = UserFactory()
    client = _client(aino)
    page = client.get(f"/my-programme/remember/{weekly[0].pk}/").content.decode()
    assert "every week" in page.lower() or "joka viikko" in page.lower()
    client.post(f"/my-programme/remember/{weekly[0].pk}/", {"every_week": "on"})
    assert ProgrammeEntry.objects.filter(person=aino).count() == 3
    producer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        added = showing_save(
            offering=weekly[0].offering,
            showing=None,
            data={
                "starts_at": weekly[-1].starts_at + timedelta(weeks=1),
                "doors_open_before": timedelta(minutes=30),
            },
            actor=producer,
        )
    assert ProgrammeEntry.objects.filter(person=aino, showing=added).exists()
    # One showing taken out stays out; stopping the series takes the coming ones away.
    client.post("/my-programme/", {"form": "remove", "showing": weekly[1].pk})
    assert ProgrammeEntry.objects.filter(person=aino).count() == 3
    client.post("/my-programme/", {"form": "unfollow", "offering": weekly[0].offering.pk})
    assert not ProgrammeEntry.objects.filter(person=aino).exists()
    assert not SeriesFollow.objects.exists()


def test_a_single_showing_offers_no_every_week(weekly):
    aino = UserFactory(language="en")
    lone = ShowingFactory(offering=OfferingFactory(status="published"))
    page = _client(aino).get(f"/en/my-programme/remember/{lone.pk}/").content.decode()
    assert "every week" not in page.lower()


def test_a_helper_follows_a_series_for_her_mother_audited(weekly):
    from lampio.accounts.models import HelperRelation

    mother, daughter = UserFactory(), UserFactory()
    HelperRelation.objects.create(
        person=mother, helper=daughter, helper_email=daughter.email, status="active"
    )
    client = _client(daughter)
    client.post(f"/accounts/helping/{mother.pk}/act/")
    client.post(
        f"/my-programme/remember/{weekly[0].pk}/", {"every_week": "on", "copy_to_helper": "on"}
    )
    follow = SeriesFollow.objects.get()
    assert (follow.person, follow.added_by, follow.copy_to_helper) == (mother, daughter, True)
    assert ProgrammeEntry.objects.filter(person=mother, copy_to_helper=True).count() == 3
    assert AuditEvent.objects.filter(action="week.series_followed_for").count() == 1


# --- the weekly digest -------------------------------------------------------------------

SUNDAY_EVENING = datetime(2026, 12, 6, 17, 0, tzinfo=HELSINKI)


def _next_week(day: int, hour: int) -> datetime:
    return datetime(2026, 12, 7 + day, hour, 0, tzinfo=HELSINKI)


def test_the_coming_week_is_monday_to_monday_local_time():
    start, end, label = coming_week(SUNDAY_EVENING)
    assert start == datetime(2026, 12, 7, tzinfo=HELSINKI)
    assert end == datetime(2026, 12, 14, tzinfo=HELSINKI)
    assert label == "2026-W50"


def test_picks_follow_what_the_person_liked_and_skip_what_is_not_for_them():
    aino = UserFactory(language="fi")
    dance_before = ShowingFactory(
        offering=OfferingFactory(status="published", art_forms=["dance"]),
        starts_at=SUNDAY_EVENING - timedelta(days=20),
    )
    ProgrammeEntry.objects.create(person=aino, showing=dance_before)
    dance = ShowingFactory(
        offering=OfferingFactory(status="published", art_forms=["dance"], title_fi="Tanssi"),
        starts_at=_next_week(2, 14),
    )
    music = ShowingFactory(
        offering=OfferingFactory(status="published", art_forms=["music"], title_fi="Musiikki"),
        starts_at=_next_week(1, 14),
    )
    swedish_talk = ShowingFactory(
        offering=OfferingFactory(
            status="published", art_forms=["literature"], spoken_languages=["sv"]
        ),
        starts_at=_next_week(3, 14),
    )
    unpublished = ShowingFactory(
        offering=OfferingFactory(status="draft", art_forms=["dance"]),
        starts_at=_next_week(3, 14),
    )
    from lampio.week.digest import _candidates

    start, end, _label = coming_week(SUNDAY_EVENING)
    picks = digest_picks(aino, _candidates(start, end), now=SUNDAY_EVENING)
    assert dance in picks and music in picks and unpublished not in picks
    assert picks == sorted(picks, key=lambda s: s.starts_at)
    # With a sixth candidate the least suited (a Swedish talk for a Finnish speaker) drops.
    for day in range(4):
        ShowingFactory(
            offering=OfferingFactory(status="published", art_forms=["dance"]),
            starts_at=_next_week(day, 18),
        )
    picks = digest_picks(aino, _candidates(start, end), now=SUNDAY_EVENING)
    assert len(picks) == 5 and swedish_talk not in picks and dance in picks


def test_the_digest_goes_on_sunday_once_to_those_who_asked(django_capture_on_commit_callbacks):
    ShowingFactory(
        offering=OfferingFactory(status="published", title_fi="Laulutuokio", slug="laulu"),
        starts_at=_next_week(0, 14),
    )
    aino = UserFactory(language="fi", email="aino@example.fi")
    reminder_settings_save(person=aino, weekly_digest=True)
    UserFactory(email="eino@example.fi")  # did not ask
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(now=SUNDAY_EVENING - timedelta(days=1)) == 0  # Saturday
        assert digests_send(now=SUNDAY_EVENING) == 1
        assert digests_send(now=SUNDAY_EVENING + timedelta(hours=1)) == 0  # once a week
    assert [m.to for m in mail.outbox] == [["aino@example.fi"]]
    assert "Laulutuokio" in mail.outbox[0].body
    assert DigestSent.objects.get().week == "2026-W50"


def test_the_one_tap_link_adds_only_after_a_tap_and_cannot_be_forged(weekly):
    aino = UserFactory(language="en")
    token = add_link_token(aino.pk, weekly[0].pk)
    visitor = Client()  # not logged in: the signed link is enough for this one thing
    page = visitor.get(f"/en/my-programme/add/{token}/")
    assert page.status_code == 200 and not ProgrammeEntry.objects.exists()
    visitor.post(f"/en/my-programme/add/{token}/")
    assert ProgrammeEntry.objects.get().person == aino
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert visitor.get(f"/en/my-programme/add/{forged}/").status_code == 410
    assert visitor.post(f"/en/my-programme/add/{forged}/").status_code == 410
    assert visitor.get("/en/my-programme/add/x/").status_code == 410
    assert ProgrammeEntry.objects.count() == 1
