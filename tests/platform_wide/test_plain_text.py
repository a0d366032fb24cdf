"""Line breaks, control characters and long values: refused at the form with a clear
message, cut to the column where a value is derived, and never a 500 or a half-saved row.
Runs on both databases; PostgreSQL is the stricter one (NUL, lengths)."""

import importlib
import inspect
import pkgutil
import smtplib
from datetime import timedelta

import pytest
from django import forms
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lampio
from lampio.academy.models import TrainingRound
from lampio.accounts.models import ProducerMembership, User
from lampio.core.plain_text import (
    MULTI_LINE_REFUSED,
    SINGLE_LINE_REFUSED,
    PlainTextForm,
    text_validator_for,
)
from lampio.municipalities.models import Municipality
from lampio.programme.models import Offering, Producer
from lampio.programme.review import offering_submit
from tests.academy.factories import training_round
from tests.accounts.factories import UserFactory
from tests.programme.factories import OfferingFactory, ProducerFactory, ShowingFactory

pytestmark = pytest.mark.django_db


def all_form_classes() -> list[type]:
    found = set()
    for module_info in pkgutil.walk_packages(lampio.__path__, "lampio."):
        if "migrations" in module_info.name or "management" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and value.__module__.startswith("lampio.")
            ):
                found.add(value)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


FORMS = all_form_classes()


def test_every_form_of_the_platform_applies_the_plain_text_rule():
    assert len(FORMS) >= 15
    without = [
        f"{cls.__module__}.{cls.__name__}" for cls in FORMS if not issubclass(cls, PlainTextForm)
    ]
    assert without == []


def text_fields_of_every_form():
    """(form name, field name, field) for every text field of every form, built as the
    views build them."""
    offering = OfferingFactory()
    academy_round = TrainingRound.objects.filter(slug="plain-text").first() or training_round(
        slug="plain-text"
    )
    builders = {
        "ApplicationForm": lambda cls: cls(training_round=academy_round),
        "AttendanceForm": lambda cls: cls(participants=academy_round.applications.all()),
        "ArticleForm": lambda cls: cls(pilots=Offering.objects.none()),
        "FeedbackForm": lambda cls: cls(questions=[], group_host=False),
        "ShowingForm": lambda cls: cls(offering=offering),
        "SponsorshipForm": lambda cls: cls(
            municipalities=Municipality.objects.all(), showings=offering.showings.all()
        ),
        "VoucherBatchForm": lambda cls: cls(municipalities=Municipality.objects.all()),
        "OfferingForm": lambda cls: cls(
            instance=offering, producers=Producer.objects.filter(pk=offering.producer_id)
        ),
    }
    for cls in FORMS:
        build = builders.get(cls.__name__, lambda cls: cls())
        try:
            form = build(cls)
        except TypeError:
            form = cls(request=None)  # allauth's forms take the request
        for name, field in form.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field, forms.ChoiceField):
                yield f"{cls.__name__}.{name}", field


def test_every_text_field_refuses_what_cannot_be_kept():
    fields = list(text_fields_of_every_form())
    assert len(fields) > 20
    for label, field in fields:
        validator = text_validator_for(field)
        assert validator in field.validators, label
        for bad in ("Otsikko\r\nBcc: x@example.org", "nul\x00byte", "\u202etxt.exe"):
            if isinstance(field.widget, forms.Textarea) and "\n" in bad:
                continue
            with pytest.raises(forms.ValidationError):
                field.clean(bad)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=300))
def test_whatever_is_typed_a_text_field_keeps_only_what_can_be_stored(text):
    for label, field in text_fields_of_every_form():
        try:
            value = field.clean(text)
        except forms.ValidationError:
            continue
        if not isinstance(value, str):
            continue
        refused = (
            MULTI_LINE_REFUSED if isinstance(field.widget, forms.Textarea) else SINGLE_LINE_REFUSED
        )
        assert not refused.search(value), label
        if field.max_length:
            assert len(value) <= field.max_length, label


def test_a_title_with_a_line_break_is_refused_in_the_studio():
    producer = ProducerFactory()
    user = UserFactory(email="p@example.fi", verified_email=True)
    ProducerMembership.objects.create(user=user, producer=producer)
    offering = OfferingFactory(producer=producer, status=Offering.Status.DRAFT)
    client = Client()
    client.force_login(user)
    response = client.post(
        f"/studio/offerings/{offering.slug}/",
        {"title_fi": "Konsertti\r\nBcc: kaikki@example.org", "summary_fi": "Kuvaus"},
    )
    assert response.status_code == 200
    assert "yhdelle riville" in response.content.decode()
    offering.refresh_from_db()
    assert "\n" not in offering.title


def test_a_mail_server_failure_never_strands_a_submitted_offering(
    monkeypatch, django_capture_on_commit_callbacks
):
    """The mail server is a third-party service: here it refuses every message."""
    helsinki = Municipality.objects.get(slug="helsinki")
    coordinator = UserFactory(email="k@example.fi", verified_email=True)
    coordinator.coordinator_assignments.create(municipality=helsinki)
    producer_user = UserFactory(email="t@example.fi", verified_email=True)
    offering = OfferingFactory(status=Offering.Status.DRAFT, is_nationwide=False)
    offering.municipalities.set([helsinki])
    offering.images.create(image="x.jpg", alt_text="Kuva")
    ShowingFactory(offering=offering)

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("the mail server is down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        offering_submit(offering=offering, actor=producer_user)
    offering.refresh_from_db()
    assert offering.status == Offering.Status.IN_REVIEW
    queued = DBTaskResult.objects.filter(task_path="lampio.core.mail.email_deliver_later")
    assert queued.count() == 1
    assert queued.get().args_kwargs["kwargs"]["to"] == ["k@example.fi"]


def test_a_very_long_one_word_name_signs_up_without_a_500(client):
    tampere = Municipality.objects.get(slug="tampere")
    name = "Aaaaaaaaaa" * 15  # 150 letters, one word
    response = client.post(
        "/accounts/signup/",
        {
            "name": name,
            "display_name": "",
            "home_municipality": tampere.pk,
            "email": "pitka@example.fi",
            "language": "fi",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="pitka@example.fi")
    assert len(user.display_name) <= 60 and user.display_name.startswith("Aaaaaaaaaa")


def test_a_nul_in_an_upload_file_name_is_not_a_500():
    import base64

    producer = ProducerFactory()
    user = UserFactory(email="u@example.fi", verified_email=True)
    ProducerMembership.objects.create(user=user, producer=producer)
    offering = OfferingFactory(producer=producer, kind=Offering.Kind.RECORDING)
    client = Client()
    client.force_login(user)
    name = base64.b64encode(b"konsertti\x00\r\n.mp4").decode()
    slug = base64.b64encode(offering.slug.encode()).decode()
    response = client.post(
        "/studio/uploads/",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": "1000",
            "Upload-Metadata": f"offering {slug},filename {name}",
        },
    )
    assert response.status_code == 201
    assert offering.uploads.get().filename == "konsertti .mp4"


def test_a_calendar_file_survives_a_title_with_a_line_break():
    offering = OfferingFactory()
    ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(days=2))
    Offering.objects.filter(pk=offering.pk).update(title_fi="Kaksi\r\nriviä")
    response = Client().get(f"/programme/{offering.slug}/calendar.ics")
    assert response.status_code == 200
    assert b"SUMMARY:Kaksi rivi" in response.content
