import re

import pytest
from django.core import mail
from django.test import Client

from lampio.accounts.invitations import invitation_accept, invitation_send
from lampio.accounts.models import CoordinatorAssignment, ProducerMembership, User
from lampio.core.models import AuditEvent
from lampio.core.refusals import RefusedError
from lampio.municipalities.models import Municipality
from tests.accounts.factories import UserFactory
from tests.programme.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def person(email: str, **extra) -> User:
    user = UserFactory(
        username=email, name=email, display_name=email, email=email, **extra, verified_email=True
    )
    return user


def invite_kirsi_to_turku(capture) -> str:
    """An admin invites Kirsi to coordinate Turku; the path of the emailed link."""
    admin = person("admin@example.fi", is_superuser=True)
    turku = Municipality.objects.get(slug="turku")
    with capture(execute=True):
        invitation_send(
            inviter=admin, email="kirsi@turku.fi", role="coordinator", municipality=turku
        )
    return re.search(
        r"http://127.0.0.1:8000(/accounts/invitation/\S+/)", mail.outbox[-1].body
    ).group(1)


def test_admin_invites_a_coordinator_who_accepts_through_the_emailed_link(
    django_capture_on_commit_callbacks,
):
    admin = person("admin@example.fi", is_superuser=True)
    turku = Municipality.objects.get(slug="turku")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(
            inviter=admin, email="kirsi@turku.fi", role="coordinator", municipality=turku
        )
    (message,) = mail.outbox
    assert message.to == ["kirsi@turku.fi"]
    assert message.alternatives[0][1] == "text/html"
    path = re.search(r"http://127.0.0.1:8000(/accounts/invitation/\S+/)", message.body).group(1)

    kirsi = person("kirsi@turku.fi")
    client = Client()
    client.force_login(kirsi)
    assert "koordinaattoriksi: Turku" in client.get(path).content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert CoordinatorAssignment.objects.filter(user=kirsi, municipality=turku).exists()
    event = AuditEvent.objects.get(action="accounts.role_granted")
    assert (event.actor, event.subject, event.municipality) == (admin, kirsi, turku)
    assert client.get(path).status_code == 410, "an invitation works once"


def test_the_email_is_sent_only_after_commit():
    admin = person("admin@example.fi", is_superuser=True)
    invitation_send(
        inviter=admin, email="x@example.fi", role="producer", producer=ProducerFactory()
    )
    assert mail.outbox == []


def test_wrong_person_gets_a_clear_message_and_no_role(django_capture_on_commit_callbacks):
    admin = person("admin@example.fi", is_superuser=True)
    producer = ProducerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(inviter=admin, email="right@example.fi", role="producer", producer=producer)
    token = re.search(r"/accounts/invitation/(\S+)/", mail.outbox[0].body).group(1)
    intruder = person("wrong@example.fi")
    with pytest.raises(RefusedError):
        invitation_accept(token=token, user=intruder)
    client = Client()
    client.force_login(intruder)
    html = client.post(f"/accounts/invitation/{token}/").content.decode()
    assert "Tämä kutsu lähetettiin osoitteeseen right@example.fi" in html
    assert not ProducerMembership.objects.filter(user=intruder).exists()


def test_bad_invitation_form_input_is_explained(client):
    admin = person("admin@example.fi", is_superuser=True)
    client.force_login(admin)
    html = client.post(
        "/manage/invite/", {"email": "not-an-email", "role": "coordinator"}
    ).content.decode()
    assert "Tarkista sähköpostiosoite" in html
    assert "Valitse kunta, jonka koordinaattori hän on." in html
    assert mail.outbox == []


def test_an_invitation_opened_before_signing_up_is_waiting_after_the_sign_up(
    django_capture_on_commit_callbacks,
):
    path = invite_kirsi_to_turku(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    client = Client()
    login_page = client.get(path, follow=True).content.decode()
    signup_link = re.search(r'href="(/accounts/signup/[^"]*)"', login_page).group(1)
    assert "next=" in signup_link, "the way to sign up keeps the invitation"
    signup_page = client.get(signup_link.replace("&amp;", "&")).content.decode()
    next_value = re.search(r'name="next" value="([^"]+)"', signup_page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "name": "Kirsi Koski",
                "email": "kirsi@turku.fi",
                "language": "fi",
                "next": next_value,
            },
        )
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.M).group(1)
    response = client.post(response["Location"], {"code": code})
    assert response["Location"] == path
    assert "koordinaattoriksi: Turku" in client.get(path).content.decode()


def test_an_admin_invites_the_first_member_of_a_new_producer_organisation(
    django_capture_on_commit_callbacks,
):
    from lampio.programme.models import Producer

    admin = person("admin@example.fi", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    oulu = Municipality.objects.get(slug="oulu")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/manage/invite/",
            {
                "email": "tiina@sirkus.fi",
                "role": "producer",
                "new_producer_name": "Sirkus Pohjantähti",
                "new_producer_home": oulu.pk,
            },
        )
    assert response.status_code == 302
    producer = Producer.objects.get(name="Sirkus Pohjantähti")
    assert producer.slug == "sirkus-pohjantahti" and producer.home_municipality == oulu
    (message,) = mail.outbox
    path = re.search(r"http://127.0.0.1:8000(/accounts/invitation/\S+/)", message.body).group(1)
    tiina = person("tiina@sirkus.fi")
    invited = Client()
    invited.force_login(tiina)
    invited.post(path)
    assert ProducerMembership.objects.filter(user=tiina, producer=producer).exists()
    both = client.post(
        "/manage/invite/",
        {
            "email": "x@example.fi",
            "role": "producer",
            "producer": producer.pk,
            "new_producer_name": "X",
        },
    )
    assert "ei molempia" in both.content.decode()
