"""Studio forms: an offering in three languages, its pictures and its showing times."""

from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lampio.core import dates
from lampio.core.plain_text import PlainTextForm
from lampio.media.models import VideoAsset
from lampio.media.streams import stream_origin_allowed
from lampio.programme.accessibility import ACCESSIBILITY_FIELDS
from lampio.programme.models import Offering
from lampio.programme.pictures import picture_upload_check

# The Finnish VAT rates in 1/100 % (14 %: admission to performances; 25.5 %: the general rate).
VAT_RATES = [
    (1400, _("14 %")),
    (2550, _("25.5 %")),
    (1350, _("13.5 %")),
    (1000, _("10 %")),
    (0, _("0 % (no VAT)")),
]
MAX_PRICE_CENTS = 50_000
MAX_GROUP_PRICE_CENTS = 200_000


def euros_field(*, label, largest_cents: int, help_text) -> forms.DecimalField:
    """Euros with cents, as people write them (12 or 12,50), from 0 to `largest_cents`."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal(largest_cents) / 100,
        max_digits=len(str(largest_cents)) + 1,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": _("Write the price in euros, for example 12 or 12,50."),
            "max_decimal_places": _("Euros and cents: at most two decimals."),
        },
    )


IN_LANGUAGE = {
    "fi": _("%(field)s in Finnish"),
    "sv": _("%(field)s in Swedish"),
    "en": _("%(field)s in English"),
}


def _translated(name: str) -> list[str]:
    return [f"{name}_{language}" for language in IN_LANGUAGE]


class OfferingForm(PlainTextForm, forms.ModelForm):
    """Finnish is required; Swedish and English fall back to Finnish where left empty."""

    price = euros_field(
        label=_("Ticket price in euros, VAT included"),
        largest_cents=MAX_PRICE_CENTS,
        help_text=_("0 or empty: free. For example 12 or 12,50."),
    )
    group_price = euros_field(
        label=_("Group ticket price in euros (care homes), VAT included"),
        largest_cents=MAX_GROUP_PRICE_CENTS,
        help_text=_("One ticket for a group watching together. 0 or empty: no group tickets."),
    )
    vat_basis_points = forms.TypedChoiceField(
        label=_("VAT rate included in the price"),
        choices=VAT_RATES,
        coerce=int,
        initial=1400,
        required=False,
        empty_value=1400,
        help_text=_("In Finland, the VAT on admission to performances is 14 percent."),
    )

    class Meta:
        model = Offering
        fields = [
            "producer",
            *_translated("title"),
            *_translated("summary"),
            *_translated("plain_summary"),
            *_translated("description"),
            "kind",
            "duration_minutes",
            "art_forms",
            "spoken_languages",
            *ACCESSIBILITY_FIELDS,
            "is_nationwide",
            "municipalities",
            "venue",
            "vat_basis_points",
            "ticket_includes_recording",
        ]
        widgets = {
            "art_forms": forms.CheckboxSelectMultiple,
            "spoken_languages": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in _translated("plain_summary") + _translated("description")
            },
        }

    def __init__(self, *args, producers, imported: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        base_labels = {
            "title": _("Title"),
            "summary": _("Short summary"),
            "plain_summary": _("Plain-language summary"),
            "description": _("Description"),
        }
        for base, label in base_labels.items():
            for language, template in IN_LANGUAGE.items():
                field = self.fields[f"{base}_{language}"]
                field.label = template % {"field": label}
                field.required = language == "fi" and base in ("title", "summary")
        self.fields["plain_summary_fi"].help_text = _(
            "Short sentences and everyday words (selkokieli)."
        )
        self.fields["producer"].queryset = producers
        self.fields["producer"].empty_label = None
        if not self.instance.pk and len(producers) == 1:
            self.fields["producer"].initial = producers[0].pk
        self.fields["art_forms"].required = False
        self.fields["duration_minutes"].min_value = 1
        self.fields["duration_minutes"].max_value = 600
        self.fields["duration_minutes"].widget.attrs.update(min=1, max=600)
        for name in ("group_price", "vat_basis_points", "ticket_includes_recording"):
            self.fields[name] = self.fields.pop(name)
        self.fields["price"].initial = Decimal(self.instance.price_cents) / 100
        self.fields["group_price"].initial = Decimal(self.instance.group_price_cents) / 100
        if self.instance.pk:
            self.fields["producer"].disabled = True
        if imported:
            # The source is the authority: a disabled field keeps its stored value whatever
            # is posted. Only what Lämpiö adds stays open.
            own = {*_translated("plain_summary"), *ACCESSIBILITY_FIELDS}
            for name, field in self.fields.items():
                field.disabled = field.disabled or name not in own

    def clean(self):
        data = super().clean()
        if data.get("kind") == Offering.Kind.VENUE and not data.get("venue"):
            self.add_error("venue", _("Tell where the event takes place."))
        price = data.get("price")
        # Only the price field sets the price: the model field is not in the form.
        self.instance.price_cents = int((price or 0) * 100)
        self.instance.group_price_cents = int((data.get("group_price") or 0) * 100)
        return data


class OfferingImageForm(PlainTextForm, forms.Form):
    image = forms.ImageField(
        label=_("Picture (JPEG, PNG or WebP)"),
        error_messages={
            "required": _("Please choose a picture."),
            "invalid_image": _("This file is not a picture we can show. Use JPEG, PNG or WebP."),
        },
    )
    alt_text_fi = forms.CharField(
        label=_("What the picture shows, in Finnish"),
        max_length=250,
        help_text=_("For people who cannot see the picture. For example: Four singers on a stage."),
        error_messages={"required": _("Describe the picture in Finnish.")},
    )
    alt_text_sv = forms.CharField(
        label=_("What the picture shows, in Swedish"), max_length=250, required=False
    )
    alt_text_en = forms.CharField(
        label=_("What the picture shows, in English"), max_length=250, required=False
    )

    def clean_image(self):
        image = self.cleaned_data["image"]
        picture_upload_check(image)
        return image

    def alt_texts(self) -> dict[str, str]:
        return {
            language: self.cleaned_data[f"alt_text_{language}"].strip()
            for language in ("fi", "sv", "en")
            if self.cleaned_data[f"alt_text_{language}"].strip()
        }


class ShowingForm(PlainTextForm, forms.Form):
    day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Choose the day."), "invalid": _("Enter a date.")},
    )
    time = forms.TimeField(
        label=_("Starting time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Choose the time."), "invalid": _("Enter a time.")},
    )
    doors_open_minutes = forms.IntegerField(
        label=_("The foyer opens this many minutes before"),
        min_value=0,
        max_value=120,
        initial=30,
    )
    capacity = forms.IntegerField(
        label=_("Tickets on sale at most"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("For a paid showing. Empty: no limit."),
    )
    stream_url = forms.URLField(
        label=_("Broadcast address (HLS playlist, .m3u8)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The playback address your streaming service gives for this broadcast."),
    )
    video = forms.ModelChoiceField(
        label=_("Recording to premiere"),
        queryset=VideoAsset.objects.none(),
        required=False,
        empty_label=None,
    )

    def __init__(self, *args, offering: Offering, **kwargs):
        super().__init__(*args, **kwargs)
        self.offering = offering
        if offering.kind != Offering.Kind.LIVE:
            del self.fields["stream_url"]
        if offering.price_cents == 0:
            del self.fields["capacity"]
        if offering.kind == Offering.Kind.PREMIERE:
            self.fields["video"].queryset = VideoAsset.objects.filter(
                offering=offering, status=VideoAsset.Status.READY, needs_review=False
            )
            self.fields["video"].label_from_instance = lambda video: (
                _("Recording of %(date)s (%(length)s)")
                % {
                    "date": timezone.localtime(video.created_at).strftime("%-d.%-m.%Y %H.%M"),
                    "length": dates.format_length(video.duration_seconds),
                }
            )
        else:
            del self.fields["video"]

    @classmethod
    def initial_for(cls, showing) -> dict:
        local = timezone.localtime(showing.starts_at)
        return {
            "day": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "doors_open_minutes": int((showing.starts_at - showing.doors_open_at).total_seconds())
            // 60,
            "stream_url": showing.stream_url,
            "video": showing.video_id,
            "capacity": showing.capacity,
        }

    def clean_stream_url(self):
        url = self.cleaned_data["stream_url"]
        if not url:
            return url
        if not url.split("?", 1)[0].endswith(".m3u8"):
            raise forms.ValidationError(_("The address must end in .m3u8 (an HLS playlist)."))
        if not stream_origin_allowed(url):
            raise forms.ValidationError(
                _(
                    "Lämpiö cannot play broadcasts from this service yet. Ask the Lämpiö team "
                    "to allow it."
                )
            )
        return url

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            starts_at = timezone.make_aware(datetime.combine(data["day"], data["time"]))
            if not self.initial.get("day") and starts_at < timezone.now():
                self.add_error("day", _("The time is in the past."))
            data["starts_at"] = starts_at
            data["doors_open_before"] = timedelta(minutes=data.get("doors_open_minutes") or 0)
        if "video" in self.fields and not data.get("video"):
            self.add_error(
                "video",
                _("Upload the recording first: a premiere shows a recording that is ready."),
            )
        return data
