"""Small numbers stay hidden, also from someone who subtracts: in any partition of people
(viewers by municipality, by age, by answer) no hidden cell can be worked out from the total
and the shown cells."""

from hypothesis import given
from hypothesis import strategies as st

from lampio.insights.figures import SMALLEST_GROUP, partition


def recoverable_cells(counts: list[int]) -> list[int]:
    """What an attacker learns: with the total known, a lone hidden cell is the difference;
    hidden cells that together hold fewer than five people give that small group away."""
    figures = partition(counts)
    hidden = [index for index, figure in enumerate(figures) if figure.hidden]
    for index, figure in enumerate(figures):
        if not figure.hidden:
            assert figure.value == counts[index]
    if not hidden:
        return []
    if len(hidden) == 1:
        return hidden
    if sum(counts[i] for i in hidden) < SMALLEST_GROUP and len(hidden) < len(counts):
        return hidden
    return []


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12))
def test_no_hidden_cell_can_be_recovered_from_the_total(counts):
    small = [c for c in counts if 0 < c < SMALLEST_GROUP]
    if len(counts) == 1 and small:
        assert partition(counts)[0].hidden  # a partition of one is its total: hidden too
        return
    assert recoverable_cells(counts) == []


def test_the_example_that_gave_a_group_away():
    """A producer's 25 viewers: Helsinki 10, Turku 12, Oulu 3. Hiding only Oulu would let
    25 − 10 − 12 give the 3 back."""
    figures = partition([10, 12, 3])
    assert [f.text for f in figures] == ["hidden", "12", "< 5"] or [f.text for f in figures] == [
        "piilotettu",
        "12",
        "< 5",
    ]
    assert figures[0].hidden and not figures[1].hidden and figures[2].hidden


def test_nothing_is_hidden_when_every_group_is_large_enough():
    assert [f.text for f in partition([5, 0, 17])] == ["5", "0", "17"]


def test_the_pages_say_how_fresh_their_numbers_are(client, django_user_model):
    from datetime import date

    from django.utils import timezone

    from lampio.insights.models import RollupRun

    admin = django_user_model.objects.create(
        username="admin", name="Ylläpito", email="a@example.fi", is_superuser=True
    )
    client.force_login(admin)
    assert "Ensimmäistä päivitystä ei ole vielä tehty" in client.get("/insights/").content.decode()
    RollupRun.objects.create(
        started_at=timezone.now(),
        finished_at=timezone.now(),
        first_day=date.today(),
        last_day=date.today(),
    )
    assert "Luvut päivitettiin tänään klo" in client.get("/insights/").content.decode()
