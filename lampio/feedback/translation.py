from modeltranslation.translator import TranslationOptions, register

from .models import FeedbackQuestion


@register(FeedbackQuestion)
class FeedbackQuestionTranslation(TranslationOptions):
    fields = ("text", "choices")
