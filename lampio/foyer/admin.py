"""Platform admins see reported messages and sanctions of every foyer here; hosts handle
reports live in the foyer itself.

Every change that people in the foyer must see goes through the foyer's services, which
audit it and send its event after the commit: hiding a message here removes it from every
open foyer within a second, closing the chat closes it for every connection."""

import math

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import events, services
from .models import Foyer, Message, Report, Sanction


@admin.register(Foyer)
class FoyerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "chat_open", "slow_mode_seconds")
    raw_id_fields = ("showing", "offering", "pinned")

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        live = {"chat_open", "slow_mode_seconds"}
        rest = [name for name in form.changed_data if name not in live]
        if rest:
            obj.save(update_fields=rest)
        services.foyer_settings_change(
            foyer=obj,
            actor=request.user,
            chat_open=form.cleaned_data["chat_open"],
            slow_mode_seconds=form.cleaned_data["slow_mode_seconds"],
        )
        return None


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
    actions = ["hide_messages"]

    def save_model(self, request, obj, form, change):
        if change and "is_hidden" in form.changed_data:
            change_visibility = services.message_hide if obj.is_hidden else services.message_unhide
            rest = [name for name in form.changed_data if name != "is_hidden"]
            if rest:
                obj.save(update_fields=rest)
            change_visibility(foyer=obj.foyer, message_id=obj.pk, actor=request.user)
            return
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        foyer_id, message_id = obj.foyer_id, obj.pk
        super().delete_model(request, obj)
        events.message_hidden(foyer_id, message_id)

    def delete_queryset(self, request, queryset):
        gone = list(queryset.values_list("foyer_id", "pk"))
        super().delete_queryset(request, queryset)
        for foyer_id, message_id in gone:
            events.message_hidden(foyer_id, message_id)

    @admin.action(description=_("Hide the selected messages"))
    def hide_messages(self, request, queryset):
        hidden = 0
        for message in queryset.filter(is_hidden=False).select_related("foyer__offering"):
            services.message_hide(foyer=message.foyer, message_id=message.pk, actor=request.user)
            hidden += 1
        self.message_user(
            request,
            ngettext("%(count)d message was hidden.", "%(count)d messages were hidden.", hidden)
            % {"count": hidden},
            messages.SUCCESS,
        )


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "until", "by")
    raw_id_fields = ("foyer", "user")
    # Who gave it and when are recorded, not typed.
    fields = ("foyer", "user", "kind", "until", "by", "created_at")
    readonly_fields = ("by", "created_at")

    def save_model(self, request, obj, form, change):
        """A new sanction takes effect in the foyer at once, as if a host gave it there."""
        if change:
            return super().save_model(request, obj, form, change)
        if obj.kind == Sanction.Kind.REMOVE:
            sanction = services.person_remove(
                foyer=obj.foyer, user_id=obj.user_id, actor=request.user
            )
        else:
            until = obj.until or timezone.now()
            minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
            sanction = services.person_mute(
                foyer=obj.foyer, user_id=obj.user_id, minutes=minutes, actor=request.user
            )
        obj.pk = sanction.pk
        return None
