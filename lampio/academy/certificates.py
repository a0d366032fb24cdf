"""The completion certificate as a PDF (fpdf2), in the participant's language.

The text uses DejaVu Sans from the system (Debian's fonts-dejavu-core, installed by
scripts/setup), so every name prints, not only the Latin-1 ones."""

from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import Application

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def certificate_lines(application: Application) -> dict[str, str]:
    training_round = application.training_round
    person = application.applicant.name or application.applicant.display_name
    return {
        "heading": _("Certificate"),
        "name": person,
        "completed": _("has completed the training"),
        "round": training_round.name,
        "details": _(
            "The training of Lämpiö academy for culture professionals in making digital culture "
            "for older people: %(sessions)s sessions attended and a pilot performance published "
            "on Lämpiö."
        )
        % {"sessions": application.attendances.filter(present=True).count()},
        "selected_by": _("Selected by %(municipality)s")
        % {"municipality": application.selected_for.name},
        "date": date_format(application.completed_at, "j.n.Y"),
    }


def certificate_pdf(application: Application, language: str) -> bytes:
    with translation.override(language):
        lines = certificate_lines(application)
    pdf = FPDF(format="A4")
    pdf.set_title(f"{lines['heading']}: {lines['name']}")
    pdf.set_author("Lämpiö")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.add_page()
    pdf.set_fill_color(255, 250, 243)
    pdf.rect(0, 0, 210, 297, style="F")
    pdf.set_text_color(138, 44, 13)
    pdf.set_font("DejaVu", "B", 14)
    pdf.set_y(30)
    pdf.cell(0, 10, "Lämpiö", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 32)
    pdf.cell(0, 24, lines["heading"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(29, 27, 25)
    pdf.set_font("DejaVu", "B", 24)
    pdf.ln(10)
    pdf.multi_cell(0, 14, lines["name"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 10, lines["completed"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 12, lines["round"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "", 12)
    pdf.set_x(30)
    pdf.multi_cell(150, 7, lines["details"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 8, lines["selected_by"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, lines["date"], align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
