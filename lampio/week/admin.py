from django.contrib import admin

from .models import TextMessage


@admin.register(TextMessage)
class TextMessageAdmin(admin.ModelAdmin):
    """The outbox of text messages (SMS_PROVIDER=outbox): what would have been sent."""

    list_display = ["created_at", "to", "text"]
    search_fields = ["to"]
    readonly_fields = ["person", "to", "text", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
