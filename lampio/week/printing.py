"""A week's programme on one page for a notice board or a fridge door, as a PDF (fpdf2, the
same library and DejaVu font as the academy's certificates): A4, or A3 in large print."""

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from lampio.academy.certificates import FONT, FONT_BOLD
from lampio.core.templatetags.lampio import when

# (page format, heading size, line size, footer size) in points
SIZES = {"a4": ("A4", 30, 18, 11), "a3": ("A3", 44, 28, 16)}


def week_pdf(*, heading: str, showings: list, language: str, large: bool = False) -> bytes:
    page, heading_pt, line_pt, footer_pt = SIZES["a3" if large else "a4"]
    with translation.override(language):
        rows = [
            (when(showing.starts_at).capitalize(), showing.offering.title) for showing in showings
        ]
        empty, footer = _("No showings chosen yet."), _("Lämpiö – culture together")
    pdf = FPDF(format=page)
    pdf.set_title(heading)
    pdf.set_author("Lämpiö")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_text_color(29, 27, 25)
    pdf.set_font("DejaVu", "B", heading_pt)
    pdf.multi_cell(0, heading_pt * 0.5, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(line_pt * 0.3)
    for moment, title in rows or [("", empty)]:
        if moment:
            pdf.set_font("DejaVu", "", line_pt * 0.8)
            pdf.multi_cell(0, line_pt * 0.45, moment, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", line_pt)
        pdf.multi_cell(0, line_pt * 0.5, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(line_pt * 0.3)
    pdf.set_font("DejaVu", "", footer_pt)
    pdf.set_text_color(138, 44, 13)
    pdf.multi_cell(0, footer_pt * 0.5, footer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
