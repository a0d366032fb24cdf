"""The demo's week: a care-home unit with its group host and the showings the group will
watch, and a demo viewer with a programme. Loading again changes nothing."""

from django.db import transaction
from django.utils import timezone

from lampio.accounts.models import GroupHost, User
from lampio.municipalities.models import Municipality
from lampio.programme.models import Showing
from lampio.week.models import GroupPlan, ProgrammeEntry, ReminderSettings


@transaction.atomic
def demo_week_load() -> dict[str, int]:
    tampere = Municipality.objects.filter(slug="tampere").first()
    host_user, _ = User.objects.update_or_create(
        username="demo-koivukoti",
        defaults={
            "name": "Koivukodin viriketoiminta",
            "display_name": "Palvelutalo Koivukoti",
            "home_municipality": tampere,
            "is_active": False,  # nobody can log in as a demo person
        },
    )
    host, _ = GroupHost.objects.update_or_create(
        user=host_user,
        defaults={"place": "Palvelutalo Koivukoti", "municipality": tampere, "residents": 14},
    )
    upcoming = Showing.objects.filter(
        offering__status="published",
        offering__is_listed=True,
        is_cancelled=False,
        starts_at__gt=timezone.now(),
    ).order_by("-offering__is_group_friendly", "starts_at")
    for showing in upcoming[:3]:
        GroupPlan.objects.get_or_create(
            host=host, showing=showing, defaults={"expected_viewers": 12}
        )
    viewer = User.objects.filter(username="demo-katsoja-1").first()
    entries = 0
    if viewer is not None:
        ReminderSettings.objects.get_or_create(person=viewer)
        for showing in upcoming.order_by("starts_at")[:4]:
            ProgrammeEntry.objects.get_or_create(person=viewer, showing=showing)
            entries += 1
    return {"group plans": GroupPlan.objects.filter(host=host).count(), "programme": entries}
