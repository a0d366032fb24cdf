"""Emails with a plain-text and an HTML part, rendered in the recipient's language.

A mail is rendered where it is asked for, inside the caller's transaction (a template
fault rolls the change back with it), and delivered only after the transaction commits.
Delivery never fails the request that caused it: a mail server that is down queues the
rendered mail for the background worker instead of stranding the committed change."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from .language import path_in_language

logger = logging.getLogger(__name__)


def one_line(text: str) -> str:
    """A header value: line breaks and runs of white space become one space."""
    return " ".join(str(text).split())


def email_render(
    *, template_prefix: str, to: list[str], context: dict, language: str | None = None
) -> dict:
    """Render `<prefix>_subject.txt`, `<prefix>_message.txt` and `<prefix>_message.html`."""
    language = language or settings.LANGUAGE_CODE
    context = {"site_url": settings.SITE_URL, **_links_in(context, language)}
    with translation.override(language):
        subject = one_line(render_to_string(f"{template_prefix}_subject.txt", context))
        text = render_to_string(f"{template_prefix}_message.txt", context)
        html = render_to_string(f"{template_prefix}_message.html", context)
    return {"subject": subject, "text": text, "html": html, "to": list(to)}


def _links_in(context: dict, language: str) -> dict:
    """Links to our pages lead to the recipient's language, whoever's request sent the mail."""
    translated = {}
    for key, value in context.items():
        if isinstance(value, str) and value.startswith(settings.SITE_URL + "/"):
            value = settings.SITE_URL + path_in_language(value[len(settings.SITE_URL) :], language)
        translated[key] = value
    return translated


def _message(*, subject: str, text: str, html: str, to: list[str], connection=None):
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


def email_deliver(*, subject: str, text: str, html: str, to: list[str]) -> None:
    _message(subject=subject, text=text, html=html, to=to).send()


def emails_deliver_many(rendered: list[dict]) -> None:
    """Hand many mails to the backend over one connection (a round of reminders). A mail the
    backend refuses is queued for the worker; the others are not sent twice."""
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # noqa: BLE001 - the mail server is down: the worker tries later
        logger.exception("mail server unreachable; %s mails queued", len(rendered))
        for mail in rendered:
            email_deliver_later.enqueue(**mail)
        return
    try:
        for mail in rendered:
            try:
                connection.send_messages([_message(**mail, connection=connection)])
            except Exception:  # noqa: BLE001 - this one goes to the worker
                logger.exception("a mail failed; queued for the worker")
                email_deliver_later.enqueue(**mail)
    finally:
        connection.close()


@task()
def email_deliver_later(*, subject: str, text: str, html: str, to: list[str]) -> None:
    email_deliver(subject=subject, text=text, html=html, to=to)


def _deliver_or_queue(rendered: dict) -> None:
    try:
        email_deliver(**rendered)
    except Exception:  # noqa: BLE001 - the change is committed; the worker tries again
        logger.exception("mail to %s failed; queued for the worker", len(rendered["to"]))
        email_deliver_later.enqueue(**rendered)


def templated_email_send(
    *, template_prefix: str, to: list[str], context: dict, language: str | None = None
) -> None:
    """Render now; deliver once the current transaction commits (at once outside one)."""
    rendered = email_render(
        template_prefix=template_prefix, to=to, context=context, language=language
    )
    transaction.on_commit(lambda: _deliver_or_queue(rendered))
