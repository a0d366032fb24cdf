from django.contrib import admin

from .models import SiteFeedback


@admin.register(SiteFeedback)
class SiteFeedbackAdmin(admin.ModelAdmin):
    list_display = ("created_at", "topic", "status", "answer_due", "language")
    list_filter = ("status", "topic")
    readonly_fields = ("created_at", "page_url", "language", "answer_due")
