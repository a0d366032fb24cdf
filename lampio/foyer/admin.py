"""Platform admins see reported messages and sanctions of every foyer here; hosts handle
reports live in the foyer itself."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Foyer, Message, Report, Sanction


@admin.register(Foyer)
class FoyerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "chat_open", "slow_mode_seconds")
    raw_id_fields = ("showing", "offering", "pinned")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "message_text", "message_author", "reporter")
    list_select_related = ("message", "reporter")
    raw_id_fields = ("message", "reporter")
    ordering = ("-created_at",)

    @admin.display(description=_("message"))
    def message_text(self, report):
        return report.message.text[:120]

    @admin.display(description=_("author"))
    def message_author(self, report):
        return report.message.author_name


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "author_name", "kind", "text", "is_hidden")
    list_filter = ("kind", "is_hidden")
    raw_id_fields = ("foyer", "table", "author")
    search_fields = ("text", "author_name")


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "until", "by")
    raw_id_fields = ("foyer", "user", "by")
