import pytest

from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db


def test_a_published_change_reaches_cached_pages_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offering = OfferingFactory(title="Vanha nimi", kind="recording")
    assert "Vanha nimi" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        offering.title = offering.title_fi = "Uusi nimi"
        offering.save()
    assert callbacks, "the cache is invalidated only after commit"
    html = client.get("/").content.decode()
    assert "Uusi nimi" in html and "Vanha nimi" not in html


def test_cached_pages_keep_each_language_and_text_size_apart(client):
    OfferingFactory(kind="recording")
    finnish = client.get("/").content.decode()
    swedish = client.get("/sv/").content.decode()
    assert '<html lang="fi"' in finnish and '<html lang="sv"' in swedish
    client.cookies["lampio_text"] = "xlarge"
    assert 'class="text-xlarge' in client.get("/").content.decode()
    client.cookies["lampio_text"] = "normal"
    assert 'class="text-normal' in client.get("/").content.decode()


def test_cached_page_is_served_without_touching_the_database(client, django_assert_num_queries):
    OfferingFactory(kind="recording")
    client.get("/programme/")
    with django_assert_num_queries(0):
        assert client.get("/programme/").status_code == 200
