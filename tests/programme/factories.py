from datetime import timedelta

import factory
from django.utils import timezone

from lampio.programme.models import ArtForm, Offering, Producer, Showing, SpokenLanguage
from tests.support.reference import helsinki

__all__ = ["OfferingFactory", "ProducerFactory", "RecordingFactory", "ShowingFactory", "helsinki"]


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"Tuottaja {n}")
    slug = factory.Sequence(lambda n: f"tuottaja-{n}")
    home_municipality = factory.LazyFunction(helsinki)


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"esitys-{n}")
    title = factory.Sequence(lambda n: f"Esitys {n}")
    title_fi = factory.SelfAttribute("title")
    title_sv = factory.Sequence(lambda n: f"Föreställning {n}")
    title_en = factory.Sequence(lambda n: f"Performance {n}")
    summary = "Lyhyt kuvaus."
    summary_fi = "Lyhyt kuvaus."
    kind = Offering.Kind.LIVE
    status = Offering.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    producer = factory.SubFactory(ProducerFactory)
    duration_minutes = 45
    is_nationwide = True

    @factory.post_generation
    def art_forms(self, create, extracted, **kwargs):
        if create:
            slugs = extracted or ["music"]
            self.art_forms.set(ArtForm.objects.filter(slug__in=slugs))

    @factory.post_generation
    def spoken_languages(self, create, extracted, **kwargs):
        if create:
            codes = extracted or ["fi"]
            self.spoken_languages.set(SpokenLanguage.objects.filter(code__in=codes))


class RecordingFactory(OfferingFactory):
    """A recording the audience can watch: published with a ready video (its files are not
    made; tests that play it make a real clip with tests.support.media_files)."""

    kind = Offering.Kind.RECORDING

    @factory.post_generation
    def video(self, create, extracted, **kwargs):
        if create:
            from lampio.media.models import VideoAsset

            VideoAsset.objects.create(
                offering=self,
                status=VideoAsset.Status.READY,
                duration_seconds=self.duration_minutes * 60,
                playlist=f"hls/{self.pk}/test/master.m3u8",
            )


class ShowingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Showing

    offering = factory.SubFactory(OfferingFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=45))
    doors_open_at = factory.LazyAttribute(lambda o: o.starts_at - timedelta(minutes=30))
