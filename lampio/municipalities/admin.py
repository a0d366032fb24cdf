from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ("name", "code", "is_coordinator", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    prepopulated_fields = {"slug": ("name",)}
