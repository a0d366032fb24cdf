from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import CoordinatorAssignment, GroupHost, Invitation, ProducerMembership, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("display_name", "name", "email", "home_municipality", "is_staff")
    search_fields = ("name", "display_name", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Lämpiö"),
            {
                "fields": (
                    "name",
                    "display_name",
                    "home_municipality",
                    "language",
                    "birth_year_band",
                )
            },
        ),
    )


@admin.register(ProducerMembership)
class ProducerMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "producer", "can_invite")
    list_select_related = ("user", "producer")
    autocomplete_fields = ("user",)


@admin.register(CoordinatorAssignment)
class CoordinatorAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "municipality")
    list_select_related = ("user", "municipality")
    autocomplete_fields = ("user",)


@admin.register(GroupHost)
class GroupHostAdmin(admin.ModelAdmin):
    list_display = ("user", "place", "municipality")
    autocomplete_fields = ("user",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "role", "municipality", "producer", "expires_at", "accepted_at")
    readonly_fields = ("token_hash", "accepted_at", "accepted_by", "invited_by")
