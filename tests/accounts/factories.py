import factory
from allauth.account.models import EmailAddress

from lampio.accounts.models import (
    CoordinatorAssignment,
    GroupHost,
    ProducerMembership,
    User,
)
from tests.programme.factories import ProducerFactory
from tests.support.reference import helsinki


class UserFactory(factory.django.DjangoModelFactory):
    """A person. `verified_email=True` also records their e-mail address as verified, as
    logging in with a code does (invitations and helper requests check it)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"henkilo-{n}")
    name = factory.LazyAttribute(lambda person: person.username.title())
    display_name = factory.LazyAttribute(lambda person: person.name)
    email = ""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted and self.email:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class ProducerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducerMembership

    user = factory.SubFactory(UserFactory)
    producer = factory.SubFactory(ProducerFactory)


class CoordinatorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinatorAssignment

    user = factory.SubFactory(UserFactory)
    municipality = factory.LazyFunction(helsinki)


class GroupHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupHost

    user = factory.SubFactory(UserFactory)
    place = "Palvelutalo Koivikko"
