"""Work pages under ASGI: role_required must leave the ASGI request's own `scope` alone (the
request asks it for the scheme; overwriting it broke every work page in production)."""

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient

from lampio.accounts.models import CoordinatorAssignment, User
from tests.accounts.factories import UserFactory
from tests.programme.factories import helsinki


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_work_pages_answer_over_asgi_with_production_security_headers(settings):
    settings.SECURE_HSTS_SECONDS = 3600  # SecurityMiddleware then asks request.is_secure()

    @sync_to_async
    def coordinator() -> User:
        user = UserFactory(username="c", name="C", display_name="C")
        CoordinatorAssignment.objects.create(user=user, municipality=helsinki())
        return user

    client = AsyncClient()
    await sync_to_async(client.force_login)(await coordinator())
    for path in ("/manage/", "/insights/", "/insights/municipalities/helsinki/"):
        response = await client.get(path)
        assert response.status_code == 200, path
