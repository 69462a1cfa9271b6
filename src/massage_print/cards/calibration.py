"""``calibration.pdf``: a two-sided test sheet to measure a printer's duplex misregistration.

Each side has a crosshair at the sheet's centre and two millimetre scales (X and Y) that the
other side's crosshair arms cross. Held against a bright window, the crosshair printed on the
far side shows through; where its arms cross the scales of the side facing the user are two
numbers, X and Y, which are exactly the ``--back-offset X,Y`` that cancels the error. The
scales on the front are numbered so that the reading is the same from either side.

The correction is in the back side's own coordinates (X to the right and Y up, looking at the
back), which is how :func:`massage_print.imposition.cardgrid.plan_cards` applies it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from ..errors import MassagePrintError
from ..imposition.plan import Placement, Plan, Sheet
from ..labels import ENGLISH, Labels
from ..layout.loader import load_layout
from ..layout.schema import CardsLayout
from ..layout.units import mm, sheet_size, to_mm
from ..pdf.fonts import FontFamily, register_family
from ..pdf.pypdf_io import apply_plan
from ..pdf.writer import DocInfo, canvas_options, finish_reportlab
from ..pipeline.jobs import JobResult, Output
from ..vocabulary import PAPER_WORDS
from .job import VIEWER_DUPLEX, check_duplex, check_offset, check_paper

CALIBRATION_PDF = "calibration.pdf"
SOURCE = "calibration"

Face = Literal["front", "back"]


@dataclass(frozen=True)
class ScaleSpec:
    """Where a side's scales sit (offsets from the centre) and which way they count."""

    x_scale_at: float
    """The X scale runs horizontally, this far above (+) or below (−) the centre."""
    y_scale_at: float
    """The Y scale runs vertically, this far right (+) or left (−) of the centre."""
    x_sign: int
    """+1: X numbers grow to the right; −1: to the left."""
    y_sign: int
    """+1: Y numbers grow upward; −1: downward."""


def scale_spec(face: Face, duplex: str, distance: float) -> ScaleSpec:
    """The scales of one side.

    The back reads the front's crosshair: numbers grow right and up. The front reads the
    back's crosshair, seen mirrored through the paper, so one of its scales counts the other
    way. Each side's scales sit where the other side has none (after the flip).
    """
    if face == "back":
        if duplex == "short":
            return ScaleSpec(distance, -distance, 1, 1)
        return ScaleSpec(-distance, distance, 1, 1)
    if duplex == "short":
        return ScaleSpec(distance, distance, -1, 1)
    return ScaleSpec(distance, distance, 1, -1)


def instructions(duplex: str, bar_mm: float, labels: Labels = ENGLISH) -> tuple[str, ...]:
    L = labels
    command = f"massage-print cards --duplex {duplex} --back-offset X,Y"
    if duplex == "none":
        first = L("calibration_step_1_hand", mm=f"{bar_mm:g}")
    else:
        first = L("calibration_step_1_duplex", edge=L(f"edge_{duplex}"), mm=f"{bar_mm:g}")
    return (first, L("calibration_step_2"), L("calibration_step_3", command=command))


class CalibrationDrawer:
    def __init__(
        self,
        layout: CardsLayout,
        family: FontFamily,
        size: tuple[float, float],
        duplex: str,
        labels: Labels = ENGLISH,
    ) -> None:
        self.labels = labels
        self.layout = layout
        self.family = family
        self.width, self.height = size
        self.duplex = duplex
        self.ink = HexColor(layout.colours.text)
        self.accent = HexColor(layout.colours.accent)
        self.muted = HexColor(layout.colours.muted)

    def page(self, canvas: Canvas, face: Face) -> None:
        lay = self.layout
        cx, cy = self.width / 2, self.height / 2
        spec = scale_spec(face, self.duplex, lay.calibration.scale_distance)
        canvas.setLineWidth(lay.calibration.line_width)
        canvas.setStrokeColor(self.ink)
        canvas.setFillColor(self.ink)
        arm = lay.calibration.arm
        canvas.line(cx - arm, cy, cx + arm, cy)
        canvas.line(cx, cy - arm, cx, cy + arm)
        canvas.circle(cx, cy, lay.calibration.tick_long, stroke=1, fill=0)
        self.scale(canvas, "x", cx, cy + spec.x_scale_at, spec.x_sign, spec.x_scale_at > 0)
        self.scale(canvas, "y", cx + spec.y_scale_at, cy, spec.y_sign, spec.y_scale_at > 0)
        self.text(canvas, face)

    def scale(
        self, canvas: Canvas, axis: str, x: float, y: float, sign: int, outward: bool
    ) -> None:
        """A ruler through ``(x, y)``; its ticks point away from the centre (``outward``)."""
        lay = self.layout
        step = lay.calibration.tick_step
        count = round(lay.calibration.scale / step)
        font, size = self.family.regular, lay.calibration.number_size
        away = 1 if outward else -1
        canvas.setFont(font, size)
        if axis == "x":
            canvas.line(x - count * step, y, x + count * step, y)
        else:
            canvas.line(x, y - count * step, x, y + count * step)
        face = pdfmetrics.getFont(font).face
        ascent, descent = face.ascent / 1000 * size, -face.descent / 1000 * size
        gap = lay.calibration.tick_short / 2
        for i in range(-count, count + 1):
            major = i % lay.calibration.label_every == 0
            length = lay.calibration.tick_long if major else lay.calibration.tick_short
            along = i * step
            value = sign * i * to_mm(step)
            number = f"{value:+g}" if value else "0"
            if axis == "x":
                canvas.line(x + along, y, x + along, y + away * length)
                if major:
                    above = y + length + gap + descent
                    base = above if outward else y - length - gap - ascent
                    canvas.drawCentredString(x + along, base, number)
            else:
                canvas.line(x, y + along, x + away * length, y + along)
                if major:
                    baseline = y + along - (ascent - descent) / 2
                    if outward:
                        canvas.drawString(x + length + gap, baseline, number)
                    else:
                        canvas.drawRightString(x - length - gap, baseline, number)
        text_size = lay.calibration.text_size
        canvas.setFont(self.family.bold, text_size)
        canvas.setFillColor(self.accent)
        end = count * step + lay.calibration.tick_long
        if axis == "x":
            canvas.drawRightString(x - end, y - (ascent - descent) / size * text_size / 2, "X")
        else:
            canvas.drawCentredString(x, y - end - text_size, "Y")
        canvas.setFillColor(self.ink)

    def text(self, canvas: Canvas, face: Face) -> None:
        lay = self.layout
        margin = lay.sheet.margin + lay.sheet.keepout
        width = self.width - 2 * margin
        title = ParagraphStyle(
            "calib-title",
            fontName=self.family.bold,
            fontSize=lay.calibration.title_size,
            leading=lay.calibration.title_size * lay.text.leading,
            textColor=self.accent,
        )
        body = ParagraphStyle(
            "calib-body",
            fontName=self.family.regular,
            fontSize=lay.calibration.text_size,
            leading=lay.calibration.text_size * lay.text.leading,
            textColor=self.ink,
            spaceAfter=lay.text.gap,
        )
        heading = calibration_heading(self.labels, face, self.duplex)
        y = self.height - margin
        for markup, style in [
            (heading, title),
            *(
                (line, body)
                for line in instructions(self.duplex, to_mm(lay.check_bar.length), self.labels)
            ),
        ]:
            para = Paragraph(_escape(markup), style)
            _, h = para.wrap(width, self.height)
            para.drawOn(canvas, margin, y - h)
            y -= h + style.spaceAfter
        self.check_bar(canvas, margin)

    def check_bar(self, canvas: Canvas, margin: float) -> None:
        lay = self.layout
        x, y = (
            (self.width - lay.check_bar.length) / 2,
            margin + lay.calibration.text_size * lay.text.leading,
        )
        canvas.line(x, y, x + lay.check_bar.length, y)
        steps = round(lay.check_bar.length / lay.check_bar.step)
        for i in range(steps + 1):
            canvas.line(
                x + i * lay.check_bar.step, y, x + i * lay.check_bar.step, y + lay.check_bar.tick
            )
        canvas.setFont(self.family.regular, lay.calibration.text_size)
        text = self.labels("calibration_bar", mm=f"{to_mm(lay.check_bar.length):g}")
        canvas.drawCentredString(self.width / 2, margin, text)


def calibration_heading(labels: Labels, face: Face, duplex: str) -> str:
    L = labels
    page = L("calibration_page_1") if face == "front" else L("calibration_page_2")
    if duplex == "none":
        mode = L("calibration_by_hand")
    else:
        mode = L("calibration_flipped", edge=L(f"edge_{duplex}"))
    return L("calibration_heading", face=L(f"calibration_{face}"), page=page, mode=mode)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_calibration(
    paper: str = "a4",
    duplex: str = "long",
    *,
    back_offset_mm: tuple[float, float] = (0.0, 0.0),
    layout: str = "cards",
    language: str = "en",
) -> JobResult:
    """``calibration.pdf``: a front and a back page; the back shifted by ``back_offset_mm``
    (to check a correction: with the right offset, both readings are 0)."""
    sheet = check_paper(paper)
    size = sheet_size(sheet, False)
    mode = check_duplex(duplex)
    if mode == "fold":
        raise MassagePrintError(
            "calibration measures two-sided printing: use --duplex long, short or none"
        )
    dx, dy = check_offset(back_offset_mm)
    lay = load_layout(layout, CardsLayout)
    limit = to_mm(lay.calibration.scale)
    if abs(dx) > limit or abs(dy) > limit:
        raise MassagePrintError(
            f"the back offset must be within ±{limit:g} mm, the reach of the calibration scales"
        )
    family = register_family(lay.fonts)
    labels = Labels(language)
    info = DocInfo(
        title=labels("doc_calibration"),
        subject=labels("doc_calibration_subject", mode=mode),
        keywords=("massage-print", "calibration", "duplex"),
        language=language,
    )
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, initialFontName=family.regular, **canvas_options(info))
    drawer = CalibrationDrawer(lay, family, size, mode, labels)
    faces: tuple[Face, ...] = ("front", "back")
    for face in faces:
        drawer.page(canvas, face)
        canvas.showPage()
    canvas.save()
    pages = finish_reportlab(buffer.getvalue())
    width, height = size
    plan = Plan(
        (
            Sheet(width, height, (Placement(SOURCE, 0, 0.0, 0.0),), "front", "front"),
            Sheet(width, height, (Placement(SOURCE, 1, mm(dx), mm(dy)),), "back", "back"),
        )
    )
    data = apply_plan(plan, {SOURCE: pages}, info, duplex=VIEWER_DUPLEX[mode])
    how = "fed by hand" if mode == "none" else f"flipped on the {mode} edge"
    messages = [
        f"{CALIBRATION_PDF}: a test sheet for two-sided printing on {PAPER_WORDS[sheet]}, {how}",
        *instructions(mode, to_mm(lay.check_bar.length), Labels(language)),
    ]
    if dx or dy:
        messages.insert(
            1,
            f"the back is shifted by {dx:g} mm across and {dy:g} mm up: both readings should now be 0",
        )
    return JobResult((Output(CALIBRATION_PDF, data, 2),), tuple(messages))
