from modeltranslation.translator import TranslationOptions, register

from .models import PracticeArticle, RoundQuestion, RoundSession, TrainingRound


@register(TrainingRound)
class TrainingRoundTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fi",)


@register(RoundSession)
class RoundSessionTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("fi",)


@register(RoundQuestion)
class RoundQuestionTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("fi",)


@register(PracticeArticle)
class PracticeArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "picture_alt")
    required_languages = ("fi",)
