"""The 受理通知书 (acceptance notice): the sealed, dated proof of acceptance (行政许可法 Art. 32)."""

from __future__ import annotations

import datetime as dt
import io
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode
from reportlab.graphics.shapes import Circle, Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CallerMacro,
    CondPageBreak,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.documents.chinese_dates import chinese_date
from app.documents.fonts import register_font
from app.domain.clock import CHINA_TZ
from app.domain.errors import DomainError

LEGAL_BASIS = "根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，决定予以受理。"
PROVISIONAL_NOTE = "办结期限按现行工作日推算，节假日安排公布后以实际工作日为准"
REPRINT_MARK = "重打（副本）"
TRAINING_MARK = "培训演示 无效"
# Art. 45: time for these procedures is not counted, and the applicant must be told so in writing.
SPECIAL_PROCEDURES = (
    "依法需要听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审的，所需时间不计算在办理期限内，"
    "届时另行书面告知所需时间。"
)
COPIES_NOTE = "本通知书一式两份，一份交申请人，一份由受理机关存档。"

# Code128 encodes ASCII only; case numbers are ASCII by construction (app.domain.numbering).
_BARCODE_CHARS = frozenset(string.ascii_letters + string.digits + string.punctuation + " ")


@dataclass(frozen=True)
class Hall:
    """The service hall that received the application; printed so the applicant knows where to come back."""

    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class Person:
    """A natural person, as applicant or as agent (代理人)."""

    name: str
    id_type: str  # the printed label, e.g. 居民身份证, 港澳居民居住证
    id_number: str
    phone: str
    address: str = ""


@dataclass(frozen=True)
class Organisation:
    """A legal person or other organisation applying in its own name."""

    name: str
    credit_code: str  # 统一社会信用代码
    legal_representative: str
    phone: str
    address: str = ""


Applicant = Person | Organisation


@dataclass(frozen=True)
class ServiceItem:
    name: str
    code: str  # 事项实施编码


@dataclass(frozen=True)
class Material:
    name: str
    form: str  # the printed label: 原件, 复印件, 电子件 ...
    copies: int = 1
    pages: int | None = None  # None when the pages were not counted

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise DomainError("a material needs a name")
        if self.copies < 1 or (self.pages is not None and self.pages < 1):
            raise DomainError(f"material {self.name}: copies and pages must be at least 1")


@dataclass(frozen=True)
class TimeLimit:
    """A time limit in working days (Art. 82) and the date it ends, computed by the holiday calendar."""

    working_days: int
    due: dt.date

    def __post_init__(self) -> None:
        if self.working_days < 0:
            raise DomainError("a time limit cannot be negative")


@dataclass(frozen=True)
class AcceptanceNotice:
    """Everything one acceptance notice prints; checked on construction so a bad notice is never issued."""

    agency: str  # the implementing department, whose special seal the notice carries
    hall: Hall
    case_number: str
    applicant: Applicant
    item: ServiceItem
    materials: tuple[Material, ...]
    accepted_at: dt.datetime
    legal_limit: TimeLimit | None  # 法定办结时限; None where no law sets one (common for 公共服务)
    promised_limit: TimeLimit  # 承诺办结时限
    window: str
    clerk: str
    qr_payload: str  # what the QR code holds: usually the progress-query URL
    document_number: str | None = None  # 文书编号, e.g. X市监受〔2026〕123号
    query_password: str | None = None
    agent: Person | None = None
    # When the complete application arrived; earlier than accepted_at after a 补正 or a 5-day review.
    submitted_on: dt.date | None = None
    collection: str | None = None  # how to collect the result; None prints the hall-window default
    deadline_provisional: bool = False  # next year's holidays are not published yet
    reprint: bool = False
    training: bool = False

    def __post_init__(self) -> None:
        if self.accepted_at.tzinfo is None:
            raise DomainError("the acceptance time must be timezone-aware")
        if not self.case_number or not set(self.case_number) <= _BARCODE_CHARS:
            raise DomainError(f"case number {self.case_number!r} must be printable ASCII for the barcode")
        if self.query_password is not None and not (
            len(self.query_password) == 6 and self.query_password.isascii() and self.query_password.isdigit()
        ):
            raise DomainError("the query password must be 6 digits")
        if not self.materials:
            raise DomainError("an accepted application lists the materials received")
        if not self.qr_payload.strip():
            raise DomainError("the QR code needs a payload")
        accepted_on = self.accepted_on
        if self.submitted_on is not None and self.submitted_on > accepted_on:
            raise DomainError("an application cannot be accepted before it was submitted")
        limits = (
            [self.promised_limit] if self.legal_limit is None else [self.legal_limit, self.promised_limit]
        )
        if min(limit.due for limit in limits) < accepted_on:
            raise DomainError("a time limit cannot end before the acceptance date")
        if self.legal_limit is not None and (
            self.promised_limit.working_days > self.legal_limit.working_days
            or self.promised_limit.due > self.legal_limit.due
        ):
            raise DomainError("the promised time limit cannot exceed the statutory one")

    @property
    def accepted_on(self) -> dt.date:
        """The acceptance date in China Standard Time, whatever zone accepted_at was given in."""
        return self.accepted_at.astimezone(CHINA_TZ).date()


# ---------------------------------------------------------------- layout

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 13 * mm
MARGIN_BOTTOM = 16 * mm
FOOTER_Y = 9 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
LABEL_WIDTH = 29 * mm
# label, value, label, value; the parties table leaves room for a 31-character item code on one line.
_PARTY_COLUMNS = [LABEL_WIDTH, 50 * mm, 23 * mm, CONTENT_WIDTH - LABEL_WIDTH - 73 * mm]
_DEADLINE_COLUMNS = [LABEL_WIDTH, 56 * mm, 23 * mm, CONTENT_WIDTH - LABEL_WIDTH - 79 * mm]
QR_SIZE = 23 * mm
SEAL_RADIUS = 18 * mm  # a guide for the stamp; special-purpose seals are about 38-42 mm across

INK = colors.HexColor("#1A1A1A")
GRID = colors.HexColor("#808080")
SHADE = colors.HexColor("#EEF0F3")
MUTED = colors.HexColor("#555555")
SEAL_GUIDE = colors.HexColor("#B4B4B4")
REPRINT_RED = colors.HexColor("#C00000")
# Translucent so the notice stays legible under the watermark.
WATERMARK = colors.Color(0.5, 0.5, 0.5, alpha=0.25)

_PAGE_TOTAL_FORM = "pageTotal"
# Label columns (first and third) of the four-column tables: smaller and greyer than the values.
_LABEL_TEXT: list[tuple[Any, ...]] = [
    ("FONTSIZE", (0, 0), (0, -1), 9),
    ("FONTSIZE", (2, 0), (2, -1), 9),
    ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
    ("TEXTCOLOR", (2, 0), (2, -1), MUTED),
]
_GAP = "&nbsp;" * 5  # Paragraph collapses runs of spaces, the ideographic space included
_FOOTER_SIZE = 8.5


@dataclass(frozen=True)
class _Styles:
    font: str
    agency: ParagraphStyle
    title: ParagraphStyle
    number: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    legal: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    centre: ParagraphStyle
    caption: ParagraphStyle
    small: ParagraphStyle


def _styles(font: str) -> _Styles:
    # wordWrap="CJK" breaks lines between any two ideographs instead of only at spaces.
    base = ParagraphStyle("base", fontName=font, fontSize=10.5, leading=15, textColor=INK, wordWrap="CJK")
    cell = ParagraphStyle("cell", base, fontSize=9.5, leading=12)
    small = ParagraphStyle("small", base, fontSize=8.5, leading=11, textColor=MUTED)
    return _Styles(
        font=font,
        agency=ParagraphStyle("agency", base, fontSize=15, leading=19, alignment=TA_CENTER),
        title=ParagraphStyle("title", base, fontSize=22, leading=27, alignment=TA_CENTER),
        number=ParagraphStyle("number", base, fontSize=9.5, leading=12, alignment=TA_RIGHT),
        heading=ParagraphStyle("heading", base, fontSize=11, leading=14, spaceBefore=3.5, spaceAfter=2),
        body=base,
        # Two ideographs of indent, as Chinese official prose is set.
        legal=ParagraphStyle("legal", base, firstLineIndent=21, leading=17),
        # Hanging indent as wide as "1．", so wrapped lines align with the text, not the number.
        note=ParagraphStyle("note", base, fontSize=9.5, leading=13.5, leftIndent=15, firstLineIndent=-15),
        cell=cell,
        centre=ParagraphStyle("centre", cell, alignment=TA_CENTER),
        caption=ParagraphStyle("caption", small, alignment=TA_CENTER),
        small=small,
    )


def _text(value: str) -> str:
    """Applicant data is plain text: `&` and `<` must not be read as Paragraph markup."""
    return escape(value)


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def qr_code(payload: str, size: float) -> QrCode:
    """The progress-query QR code, a square `size` points wide with its quiet zone included."""
    # The flowable draws straight on the canvas; going through a QrCodeWidget drawing costs ~20 ms more.
    # Level M survives a smudge or a fold; a 4-module border is the quiet zone the standard asks for.
    return QrCode(payload, width=size, height=size, qrLevel="M", qrBorder=4)


def case_barcode(case_number: str) -> Code128:
    """The case number as Code128, so the desk scanner can pull the case up when the applicant returns."""
    # No quiet zones of its own: the page margin on the left and the empty cell on the right provide them.
    return Code128(case_number, barWidth=0.28 * mm, barHeight=9 * mm, quiet=False)


def _bare(table: Table, font: str, *extra: tuple[Any, ...]) -> Table:
    """A layout table: no rules, no padding."""
    table.setStyle(
        TableStyle(
            [
                # A table selects a cell font even with no text in it: unembedded Helvetica unless told.
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                *extra,
            ]
        )
    )
    return table


def _header(notice: AcceptanceNotice, s: _Styles) -> list[Any]:
    flow: list[Any] = []
    if notice.document_number:
        flow.append(Paragraph(f"文书编号：{_text(notice.document_number)}", s.number))
    flow += [
        Paragraph(_text(notice.agency), s.agency),
        Paragraph("受理通知书", s.title),
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=1.2, color=INK, spaceAfter=0.7 * mm),
        HRFlowable(width="100%", thickness=0.4, color=INK, spaceAfter=2.5 * mm),
    ]
    desk = [f"受理窗口：{_text(notice.window)}", f"受理人：{_text(notice.clerk)}"]
    if notice.query_password:
        desk.insert(0, f"查询密码：{notice.query_password}")
    left = [
        Paragraph(f"受理编号：<font size=12>{_text(notice.case_number)}</font>", s.body),
        Spacer(1, 1.5 * mm),
        case_barcode(notice.case_number),
        Spacer(1, 1.5 * mm),
        Paragraph(_GAP.join(desk), s.body),
    ]
    right = [qr_code(notice.qr_payload, QR_SIZE), Paragraph("扫码查询办理进度", s.caption)]
    width = QR_SIZE + 4 * mm
    flow.append(
        _bare(
            Table([[left, right]], colWidths=[CONTENT_WIDTH - width, width]),
            s.font,
            ("ALIGN", (1, 0), (1, 0), "CENTER"),
        )
    )
    return flow


def _greeting(notice: AcceptanceNotice, s: _Styles) -> list[Any]:
    submitted = notice.submitted_on or notice.accepted_on
    return [
        Paragraph(f"{_text(notice.applicant.name)}：", s.body),
        Paragraph(
            f"你（单位）于{_date(submitted)}提交的{_text(notice.item.name)}申请，经审查，"
            f"申请材料齐全、符合法定形式，{LEGAL_BASIS}",
            s.legal,
        ),
    ]


def _grid(rows: list[list[Any]], widths: list[float], font: str, *extra: tuple[Any, ...]) -> Table:
    """A ruled data table. Fixed short texts are plain strings, which draw several times faster than
    Paragraphs; anything the applicant or the catalogue supplies is a Paragraph, so that it wraps."""
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                ("LEADING", (0, 0), (-1, -1), 12),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                *extra,
            ]
        )
    )
    return table


def _parties(notice: AcceptanceNotice, s: _Styles) -> list[Any]:
    def value(text: str) -> Paragraph:
        return Paragraph(_text(text) or "—", s.cell)

    def pair(a: str, av: str, b: str, bv: str) -> list[Any]:
        return [a, value(av), b, value(bv)]

    def wide(a: str, av: str) -> list[Any]:
        return [a, value(av), "", ""]

    applicant = notice.applicant
    if isinstance(applicant, Organisation):
        rows = [
            wide("申请单位", applicant.name),
            pair("统一社会信用代码", applicant.credit_code, "法定代表人", applicant.legal_representative),
            pair("联系电话", applicant.phone, "地址", applicant.address),
        ]
    else:
        rows = [
            pair("申请人", applicant.name, "联系电话", applicant.phone),
            pair("证件类型", applicant.id_type, "证件号码", applicant.id_number),
            wide("地址", applicant.address),
        ]
    if notice.agent is not None:
        agent = notice.agent
        rows += [
            pair("代理人", agent.name, "联系电话", agent.phone),
            pair("证件类型", agent.id_type, "证件号码", agent.id_number),
        ]
    rows.append(pair("申请事项", notice.item.name, "事项编码", notice.item.code))
    extra: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (0, -1), SHADE), *_LABEL_TEXT]
    for n, row in enumerate(rows):
        # A wide row runs its value across the right-hand columns; the others shade their second label.
        extra.append(("SPAN", (1, n), (3, n)) if row[2] == "" else ("BACKGROUND", (2, n), (2, n), SHADE))
    return [
        KeepTogether(
            [Paragraph("一、申请人及申请事项", s.heading), _grid(rows, _PARTY_COLUMNS, s.font, *extra)]
        )
    ]


def _materials(notice: AcceptanceNotice, s: _Styles) -> list[Any]:
    rows: list[list[Any]] = [["序号", "材料名称", "材料形式", "份数", "页数"]]
    for number, material in enumerate(notice.materials, start=1):
        rows.append(
            [
                str(number),
                Paragraph(_text(material.name), s.cell),
                Paragraph(_text(material.form), s.centre),
                str(material.copies),
                "—" if material.pages is None else str(material.pages),
            ]
        )
    widths = [12 * mm, CONTENT_WIDTH - 64 * mm, 22 * mm, 15 * mm, 15 * mm]
    table = _grid(
        rows,
        widths,
        s.font,
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("FONTSIZE", (0, 0), (-1, 0), 9),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
    )
    # A long list continues on the next page under a repeated header row.
    table.repeatRows = 1
    # The heading never ends a page alone: it needs room for itself, the header row and a material or two.
    return [
        CondPageBreak(22 * mm),
        Paragraph(f"二、已接收的申请材料（共{len(notice.materials)}项）", s.heading),
        table,
    ]


def _limit_text(limit: TimeLimit | None) -> str:
    if limit is None:
        return "法律法规未规定"
    if limit.working_days == 0:
        return f"当场办结（{_date(limit.due)}）"
    return f"{limit.working_days}个工作日，至{_date(limit.due)}"


def _deadlines(notice: AcceptanceNotice, s: _Styles) -> list[Any]:
    accepted = notice.accepted_at.astimezone(CHINA_TZ)
    legal, promised = notice.legal_limit, notice.promised_limit
    rows: list[list[Any]] = [
        [
            "受理时间",
            f"{_date(accepted.date())} {accepted:%H:%M}（办理期限自受理之日起计算）",
            "",
            "",
        ],
        ["法定办结时限", _limit_text(legal), "承诺办结时限", _limit_text(promised)],
    ]
    extra: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("BACKGROUND", (2, 1), (2, 1), SHADE),
        ("SPAN", (1, 0), (3, 0)),
        *_LABEL_TEXT,
    ]
    if notice.deadline_provisional:
        rows.append(["说明", f"{PROVISIONAL_NOTE}。", "", ""])
        extra.append(("SPAN", (1, 2), (3, 2)))
    return [
        KeepTogether(
            [Paragraph("三、受理时间与办理期限", s.heading), _grid(rows, _DEADLINE_COLUMNS, s.font, *extra)]
        )
    ]


def _guidance(notice: AcceptanceNotice, s: _Styles) -> list[Any]:
    hall = notice.hall
    credentials = "受理编号和查询密码" if notice.query_password else "受理编号"
    collection = notice.collection or (
        f"办结后请凭本通知书和申请人（代理人）有效身份证件到{hall.name}（{hall.address}）"
        f"{notice.window}领取办理结果"
    )
    lines = [
        f"进度查询：扫描本通知书右上方二维码，或凭{credentials}查询办理进度；咨询电话：{hall.phone}。",
        f"结果领取：{collection.rstrip('。')}。",
        f"特别程序：{SPECIAL_PROCEDURES}",
    ]
    notes = [Paragraph(f"{n}．{_text(line)}", s.note) for n, line in enumerate(lines, start=1)]
    return [Paragraph("四、进度查询与结果领取", s.heading), *notes]


def seal_drawing(agency: str, day: dt.date, font: str, label: str = "（受理专用章）") -> Drawing:
    """Where the 受理专用章 goes: a guide circle over the agency name and the date in Chinese numerals."""
    width, height = 72 * mm, 2 * SEAL_RADIUS + 1 * mm
    cx, cy = width / 2, height - SEAL_RADIUS - 0.5 * mm
    # Without an initial font the drawing selects Helvetica, which the PDF would then list unembedded.
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=11)
    drawing.add(
        Circle(
            cx,
            cy,
            SEAL_RADIUS,
            strokeColor=SEAL_GUIDE,
            strokeWidth=0.6,
            strokeDashArray=[2, 2],
            fillColor=None,
        )
    )
    drawing.add(
        String(
            cx,
            cy + 6 * mm,
            label,
            fontName=font,
            fontSize=9,
            fillColor=SEAL_GUIDE,
            textAnchor="middle",
        )
    )
    # A long agency name shrinks to the block rather than running into the margin.
    size = min(11.0, 11.0 * (width - 2 * mm) / stringWidth(agency, font, 11.0))
    drawing.add(
        String(cx, cy - 3 * mm, agency, fontName=font, fontSize=size, fillColor=INK, textAnchor="middle")
    )
    drawing.add(
        String(
            cx,
            cy - 10 * mm,
            chinese_date(day),
            fontName=font,
            fontSize=11,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    return drawing


def _closing(notice: AcceptanceNotice, s: _Styles) -> list[Any]:
    blank = "&nbsp;"
    left = [
        Paragraph(f"申请人（代理人）签收：<u>{blank * 34}</u>", s.body),
        Spacer(1, 4 * mm),
        Paragraph(f"签收日期：<u>{blank * 10}</u>年<u>{blank * 6}</u>月<u>{blank * 6}</u>日", s.body),
        Spacer(1, 4 * mm),
        Paragraph(COPIES_NOTE, s.small),
    ]
    seal = seal_drawing(notice.agency, notice.accepted_on, s.font)
    block = _bare(
        Table([[left, seal]], colWidths=[CONTENT_WIDTH - seal.width, seal.width]),
        s.font,
        ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
    )
    return [Spacer(1, 2 * mm), block]


def _story(notice: AcceptanceNotice, s: _Styles) -> list[Any]:
    return [
        *_header(notice, s),
        *_greeting(notice, s),
        *_parties(notice, s),
        *_materials(notice, s),
        *_deadlines(notice, s),
        # The seal never sits on a page of its own: it is stamped under text it vouches for.
        KeepTogether([*_guidance(notice, s), *_closing(notice, s)]),
        # Drawn on the last page, when the page count is known: the "共 N 页" every footer refers to.
        CallerMacro(drawCallable=partial(_define_page_total, font=s.font)),
    ]


def _define_page_total(flowable: Any, font: str) -> None:
    canvas = flowable.canv
    canvas.beginForm(_PAGE_TOTAL_FORM, 0, -3, 40, 12)
    canvas.setFont(font, _FOOTER_SIZE)
    canvas.setFillColor(MUTED)
    canvas.drawString(0, 0, f"{canvas.getPageNumber()} 页")
    canvas.endForm()


def _decorate_page(canvas: Any, doc: Any, notice: AcceptanceNotice, font: str) -> None:
    """The footer on every page (a page that comes loose still names its case) and the reprint mark."""
    canvas.saveState()
    canvas.setFont(font, _FOOTER_SIZE)
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN_X, FOOTER_Y + 4 * mm, PAGE_WIDTH - MARGIN_X, FOOTER_Y + 4 * mm)
    canvas.drawString(MARGIN_X, FOOTER_Y, f"{notice.agency}　受理通知书　受理编号：{notice.case_number}")
    prefix = f"第 {doc.page} 页 / 共 "
    x = PAGE_WIDTH - MARGIN_X - stringWidth(prefix + "9 页", font, _FOOTER_SIZE)
    canvas.drawString(x, FOOTER_Y, prefix)
    canvas.translate(x + stringWidth(prefix, font, _FOOTER_SIZE), FOOTER_Y)
    canvas.doForm(_PAGE_TOTAL_FORM)
    canvas.restoreState()
    if notice.reprint:
        canvas.saveState()
        canvas.setStrokeColor(REPRINT_RED)
        canvas.setFillColor(REPRINT_RED)
        canvas.setLineWidth(1.2)
        top = PAGE_HEIGHT - MARGIN_TOP
        canvas.roundRect(MARGIN_X, top - 9 * mm, 32 * mm, 9 * mm, 1.5 * mm)
        canvas.setFont(font, 13)
        canvas.drawCentredString(MARGIN_X + 16 * mm, top - 6.3 * mm, REPRINT_MARK)
        canvas.restoreState()


def _watermark(canvas: Any, _doc: Any, font: str) -> None:
    """The training watermark, drawn over the content so that no table shading can hide it."""
    canvas.saveState()
    canvas.setFillColor(WATERMARK)
    canvas.setFont(font, 72)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(55)
    canvas.drawCentredString(0, -25, TRAINING_MARK)
    canvas.restoreState()


def _nothing(_canvas: Any, _doc: Any) -> None:
    return None


def render_acceptance_notice(notice: AcceptanceNotice, font_path: Path) -> bytes:
    """The notice as an A4 PDF with the font embedded; a long material list continues on more pages."""
    font = register_font(font_path)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{notice.agency}受理通知书 {notice.case_number}",
        author=notice.agency,
        subject=f"{notice.item.name} 受理通知书",
        creator="一窗受理工作站",
        # Otherwise every page starts in Helvetica, which is then listed as a font the PDF does not embed.
        initialFontName=font,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, doc.height, 0, 0, 0, 0, id="body")
    on_end: Callable[[Any, Any], None] = partial(_watermark, font=font) if notice.training else _nothing
    doc.addPageTemplates(
        [
            PageTemplate(
                "notice", [frame], onPage=partial(_decorate_page, notice=notice, font=font), onPageEnd=on_end
            )
        ]
    )
    doc.build(_story(notice, _styles(font)))
    return buffer.getvalue()
