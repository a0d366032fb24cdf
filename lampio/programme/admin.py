from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import ArtForm, Offering, OfferingImage, Producer, Showing, SpokenLanguage


@admin.register(ArtForm)
class ArtFormAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position")


@admin.register(SpokenLanguage)
class SpokenLanguageAdmin(TranslationAdmin):
    list_display = ("name", "code", "position")


@admin.register(Producer)
class ProducerAdmin(TranslationAdmin):
    list_display = ("name", "home_municipality", "is_verified")
    list_filter = ("is_verified", "home_municipality")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class OfferingImageInline(TranslationTabularInline):
    model = OfferingImage
    extra = 0


class ShowingInline(admin.TabularInline):
    model = Showing
    extra = 0


@admin.register(Offering)
class OfferingAdmin(TranslationAdmin):
    list_display = ("title", "kind", "status", "producer", "is_nationwide")
    list_filter = ("status", "kind", "art_forms", "municipalities")
    list_select_related = ("producer",)
    search_fields = ("title", "summary")
    filter_horizontal = ("art_forms", "spoken_languages", "municipalities")
    prepopulated_fields = {"slug": ("title_fi",)}
    inlines = [OfferingImageInline, ShowingInline]
