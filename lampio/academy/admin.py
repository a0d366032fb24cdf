from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    MAX_OWN_QUESTIONS,
    RoundQuestion,
    RoundSeats,
    RoundSession,
    RoundTrainer,
    TrainingRound,
)


class RoundSessionInline(TranslationTabularInline):
    model = RoundSession
    extra = 0


class RoundQuestionInline(TranslationTabularInline):
    model = RoundQuestion
    extra = 0
    max_num = MAX_OWN_QUESTIONS


class RoundSeatsInline(admin.TabularInline):
    model = RoundSeats
    extra = 0
    fields = ("municipality", "seats", "confirmed_at", "confirmed_by")
    readonly_fields = ("confirmed_at", "confirmed_by")


class RoundTrainerInline(admin.TabularInline):
    model = RoundTrainer
    extra = 0
    raw_id_fields = ("user",)


@admin.register(TrainingRound)
class TrainingRoundAdmin(TranslationAdmin):
    """Admins open a round here: its texts, dates, the seats of each municipality and up to
    five questions of its own, and its trainers. Selection happens in the manage wing
    (/manage/academy/)."""

    list_display = ("name", "applications_open_at", "applications_close_at", "selection_closes_at")
    prepopulated_fields = {"slug": ("name_fi",)}
    readonly_fields = ("decisions_sent_at",)
    inlines = [RoundSessionInline, RoundQuestionInline, RoundSeatsInline, RoundTrainerInline]
