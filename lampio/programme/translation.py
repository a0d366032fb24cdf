from modeltranslation.translator import TranslationOptions, register

from .models import ArtForm, Offering, OfferingImage, Producer, SpokenLanguage


@register(ArtForm)
class ArtFormTranslation(TranslationOptions):
    fields = ("name",)


@register(SpokenLanguage)
class SpokenLanguageTranslation(TranslationOptions):
    fields = ("name",)


@register(Producer)
class ProducerTranslation(TranslationOptions):
    fields = ("description",)


@register(Offering)
class OfferingTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "plain_summary")
    required_languages = ("fi",)


@register(OfferingImage)
class OfferingImageTranslation(TranslationOptions):
    fields = ("alt_text",)
    required_languages = ("fi",)
