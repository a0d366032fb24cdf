from django.contrib import admin

from .models import AuditEvent, SiteFeedback


@admin.register(SiteFeedback)
class SiteFeedbackAdmin(admin.ModelAdmin):
    list_display = ("created_at", "topic", "status", "answer_due", "language")
    list_filter = ("status", "topic")
    readonly_fields = ("created_at", "page_url", "language", "answer_due")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor", "subject", "municipality", "target_repr")
    list_filter = ("action", "municipality")
    list_select_related = ("actor", "subject", "municipality")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
