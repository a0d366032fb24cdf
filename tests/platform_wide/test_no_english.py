"""Finnish and Swedish pages have no English on them: every admin page (the index, each
list and each add form) and the public pages, rendered as a platform admin, searched for
words of English interface text. Data from the database (permission names Django stores in
English) is left out; everything the interface writes is in."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(
    r"\b(Select an option|Search|Add|Delete|Save|Results?|Filter|Show all|Change|History"
    r"|Authenticators?|Tasks?|Sanctions?|Recent actions|View site|Clear selection|Run"
    r"|Database|Backend|Unknown|Any date|Today|Past 7 days|This month|This year)\b"
)
STORED_PERMISSION_NAMES = re.compile(r"Can (add|change|delete|view) [^|<\n]*")


def visible_text(html: str) -> str:
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return STORED_PERMISSION_NAMES.sub(" ", text)


def admin_pages(prefix: str) -> list[str]:
    base = f"{prefix}/{settings.ADMIN_PATH}"
    pages = [base]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(f"{base}{meta.app_label}/{meta.model_name}/")
        pages.append(f"{base}{meta.app_label}/{meta.model_name}/add/")
    return pages


@pytest.mark.parametrize("prefix", ["", "/sv"])
def test_finnish_and_swedish_pages_have_no_english(prefix, demo_season):
    root = UserFactory(
        username="root", name="Riikka Ylläpitäjä", email="r@example.fi",
        is_superuser=True, is_staff=True,
    )  # fmt: skip
    client = Client()
    client.force_login(root)
    public = [
        "/", "/programme/", "/day/", "/art-forms/", "/help/", "/accounts/me/",
        "/manage/", "/manage/invite/", "/manage/audit/", "/studio/", "/studio/offerings/new/",
        "/insights/",
    ]  # fmt: skip
    found = []
    for path in [f"{prefix}{p}" for p in public] + admin_pages(prefix):
        response = client.get(path)
        if response.status_code == 403:  # an add form the admin does not offer
            continue
        assert response.status_code == 200, path
        words = sorted(
            {m.group(0) for m in ENGLISH.finditer(visible_text(response.content.decode()))}
        )
        if words:
            found.append((path, words))
    assert found == []
