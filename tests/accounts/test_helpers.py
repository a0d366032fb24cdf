"""Personal helpers: naming, confirming, accounts without email, and acting for someone."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from lampio.accounts.helper_relations import CHOOSE_ACCOUNT_SESSION_KEY
from lampio.accounts.models import HelperRelation, User
from lampio.core.models import AuditEvent
from lampio.municipalities.models import Municipality
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.M)


def person(email: str | None, name: str) -> User:
    user = UserFactory(
        username=f"u-{name}", name=name, display_name=name.split()[0], email=email or ""
    )
    if email:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_senior_names_a_helper_who_confirms_and_can_be_removed(django_capture_on_commit_callbacks):
    aino = person("aino@example.fi", "Aino Virtanen")
    matti = person("matti@example.fi", "Matti Virtanen")
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(aino).post("/accounts/me/helpers/", {"email": "MATTI@example.fi"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["matti@example.fi"]  # the address as addresses are kept
    path = re.search(r"http://127.0.0.1:8000(/accounts/helper/\S+/)", message.body).group(1)

    helper_client = logged_in(matti)
    assert "Aino Virtanen" in helper_client.get(path).content.decode()
    helper_client.post(path)
    relation = HelperRelation.objects.get()
    assert (relation.helper, relation.status) == (matti, "active")
    assert AuditEvent.objects.filter(
        action="accounts.helper_confirmed", actor=matti, subject=aino
    ).exists()

    aino_page = logged_in(aino).get("/accounts/me/helpers/").content.decode()
    assert "Matti Virtanen" in aino_page
    logged_in(aino).post(f"/accounts/me/helpers/{relation.pk}/remove/")
    assert not HelperRelation.objects.exists()
    assert AuditEvent.objects.filter(
        action="accounts.helper_removed", actor=aino, subject=aino
    ).exists()


def test_only_the_invited_address_can_confirm(django_capture_on_commit_callbacks):
    aino = person("aino@example.fi", "Aino Virtanen")
    stranger = person("stranger@example.fi", "Outo Henkilö")
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(aino).post("/accounts/me/helpers/", {"email": "matti@example.fi"})
    path = re.search(r"http://127.0.0.1:8000(/accounts/helper/\S+/)", mail.outbox[0].body).group(1)
    html = logged_in(stranger).post(path).content.decode()
    assert "Tämä pyyntö lähetettiin toiseen osoitteeseen" in html
    assert HelperRelation.objects.get().status == "pending"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("aino@example.fi", "Et voi olla oma avustajasi"),
        ("not an email", "Tarkista sähköpostiosoite"),
        ("", "Kirjoita sähköpostiosoite."),
    ],
)
def test_naming_a_helper_explains_bad_input(email, message):
    aino = person("aino@example.fi", "Aino Virtanen")
    html = logged_in(aino).post("/accounts/me/helpers/", {"email": email}).content.decode()
    assert message in html
    assert not HelperRelation.objects.exists()


def test_helper_creates_an_account_for_someone_without_email_and_the_code_comes_to_the_helper():
    matti = person("matti@example.fi", "Matti Virtanen")
    tampere = Municipality.objects.get(slug="tampere")
    response = logged_in(matti).post(
        "/accounts/helping/new/",
        {"name": "Aino Virtanen", "home_municipality": tampere.pk, "language": "fi"},
    )
    assert response.status_code == 302
    aino = User.objects.get(name="Aino Virtanen")
    assert aino.display_name == "Aino, Tampere" and not aino.email
    assert AuditEvent.objects.filter(
        action="accounts.account_created_by_helper", actor=matti, subject=aino
    ).exists()

    tablet = Client()  # Aino's own tablet: she writes Matti's address, Matti reads her the code
    tablet.post("/accounts/login/code/", {"email": "matti@example.fi"})
    code = CODE.search(mail.outbox[-1].body).group(1)
    response = tablet.post("/accounts/login/code/confirm/", {"code": code})
    assert response["Location"] == "/accounts/who/"
    chooser = tablet.get("/accounts/who/").content.decode()
    assert "Aino, Tampere" in chooser and "Matti" in chooser
    tablet.post("/accounts/who/", {"person": aino.pk})
    assert tablet.session["_auth_user_id"] == str(aino.pk)
    event = AuditEvent.objects.get(action="accounts.logged_in_with_helper_code")
    assert (event.actor, event.subject) == (matti, aino)


def test_choosing_someone_else_or_too_late_does_not_log_in():
    matti = person("matti@example.fi", "Matti Virtanen")
    stranger = person("s@example.fi", "Outo Henkilö")
    client = logged_in(matti)
    client.post("/accounts/helping/new/", {"name": "Aino Virtanen", "language": "fi"})
    aino = User.objects.get(name="Aino Virtanen")

    session = client.session
    session[CHOOSE_ACCOUNT_SESSION_KEY] = timezone.now().timestamp() + 600
    session.save()
    client.post("/accounts/who/", {"person": stranger.pk})
    assert client.session["_auth_user_id"] == str(matti.pk)
    client.post("/accounts/who/", {"person": "not-a-number"})
    assert client.session["_auth_user_id"] == str(matti.pk)

    session = client.session
    session[CHOOSE_ACCOUNT_SESSION_KEY] = timezone.now().timestamp() - 1
    session.save()
    client.post("/accounts/who/", {"person": aino.pk})
    assert client.session["_auth_user_id"] == str(matti.pk)


def test_helper_acts_for_someone_with_a_banner_and_every_change_is_logged_with_both():
    matti = person("matti@example.fi", "Matti Virtanen")
    client = logged_in(matti)
    client.post("/accounts/helping/new/", {"name": "Aino Virtanen", "language": "fi"})
    aino = User.objects.get(name="Aino Virtanen")

    client.post(f"/accounts/helping/{aino.pk}/act/")
    page = client.get("/").content.decode()
    assert "Toimit nyt henkilön Aino puolesta." in page
    client.post(
        "/accounts/me/",
        {"form": "profile", "name": "Aino Virtanen", "display_name": "Aino V.", "language": "sv"},
    )
    aino.refresh_from_db()
    matti.refresh_from_db()
    assert (aino.display_name, aino.language) == ("Aino V.", "sv")
    assert matti.display_name == "Matti"
    event = AuditEvent.objects.get(action="accounts.profile_updated_by_helper")
    assert (event.actor, event.subject) == (matti, aino)

    client.post("/accounts/helping/stop/")
    assert "Toimit nyt" not in client.get("/").content.decode()
    assert AuditEvent.objects.filter(
        action="accounts.acting_stopped", actor=matti, subject=aino
    ).exists()


def test_acting_for_someone_who_has_not_accepted_is_refused(django_capture_on_commit_callbacks):
    aino = person("aino@example.fi", "Aino Virtanen")
    matti = person("matti@example.fi", "Matti Virtanen")
    logged_in(aino).post("/accounts/me/helpers/", {"email": "matti@example.fi"})  # pending only
    client = logged_in(matti)
    response = client.post(f"/accounts/helping/{aino.pk}/act/", follow=True)
    assert "Et ole tämän henkilön avustaja" in response.content.decode()
    assert "lampio_acting_for" not in client.session
    assert not AuditEvent.objects.filter(action="accounts.acting_started").exists()


def test_a_removed_helper_stops_acting_at_once():
    matti = person("matti@example.fi", "Matti Virtanen")
    client = logged_in(matti)
    client.post("/accounts/helping/new/", {"name": "Aino Virtanen", "language": "fi"})
    aino = User.objects.get(name="Aino Virtanen")
    client.post(f"/accounts/helping/{aino.pk}/act/")
    HelperRelation.objects.all().delete()
    assert "Toimit nyt" not in client.get("/").content.decode()
    assert "lampio_acting_for" not in client.session


def test_stopping_to_help_asks_first_and_never_strands_an_account_without_email():
    matti = person("matti@example.fi", "Matti Virtanen")
    tampere = Municipality.objects.get(slug="tampere")
    client = logged_in(matti)
    client.post(
        "/accounts/helping/new/",
        {"name": "Aino Virtanen", "home_municipality": tampere.pk, "language": "fi"},
    )
    relation = HelperRelation.objects.get(helper=matti)
    url = f"/accounts/me/helpers/{relation.pk}/remove/"
    page = client.get("/accounts/me/helpers/").content.decode()
    assert f'href="{url}"' in page  # a link to a question, not a button that acts at once
    question = client.get(url).content.decode()
    assert "Lopetetaanko henkilön Aino, Tampere avustaminen?" in question
    assert "Kyllä, lopeta avustaminen" in question and "Ei, palaa takaisin" in question
    refused = client.post(url, follow=True).content.decode()
    assert "ei ole omaa sähköpostiosoitetta" in refused
    assert HelperRelation.objects.filter(pk=relation.pk).exists()
    # Nor can Matti delete his own account while Aino depends on him.
    response = client.post("/accounts/me/delete/", {"confirm": "on"})
    assert response.status_code == 200 and "Aino, Tampere" in response.content.decode()
    assert User.objects.filter(pk=matti.pk).exists()
    # With a second helper for Aino, Matti can stop.
    liisa = person("liisa@example.fi", "Liisa Lahtinen")
    HelperRelation.objects.create(
        person=relation.person, helper=liisa, helper_email=liisa.email,
        status=HelperRelation.Status.ACTIVE, codes_to_helper=True,
    )  # fmt: skip
    client.post(url)
    assert not HelperRelation.objects.filter(pk=relation.pk).exists()


def test_the_helper_request_is_written_in_the_helpers_language_to_a_lower_case_address(
    django_capture_on_commit_callbacks,
):
    aino = person("aino@example.fi", "Aino Virtanen")
    karin = person("karin@example.fi", "Karin Berg")
    karin.language = "sv"
    karin.save()
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(aino).post("/accounts/me/helpers/", {"email": "  Karin@Example.FI "})
    (message,) = mail.outbox
    assert message.to == ["karin@example.fi"]
    assert "Aino Virtanen ber dig" in message.body
    assert HelperRelation.objects.get().helper_email == "karin@example.fi"
