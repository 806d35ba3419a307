"""The five documents of the desk (受理, 不予受理, 补正, 材料接收, 出件) from templates, one layout.

The wording comes from app.documents.templates (a hall adapts it without code changes); the layout is the
受理通知书's (app.documents.acceptance_notice): header with case number, barcode and QR code, the parties,
a table of materials, the decision's particulars, numbered notes, signature and the seal guide.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CallerMacro,
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.frames import Frame

from app.documents.acceptance_notice import (
    _BARCODE_CHARS,
    _DEADLINE_COLUMNS,
    _FOOTER_SIZE,
    _GAP,
    _LABEL_TEXT,
    _PAGE_TOTAL_FORM,
    _PARTY_COLUMNS,
    CONTENT_WIDTH,
    FOOTER_Y,
    GRID,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PROVISIONAL_NOTE,
    QR_SIZE,
    REPRINT_MARK,
    REPRINT_RED,
    SHADE,
    Applicant,
    Hall,
    Organisation,
    Person,
    ServiceItem,
    TimeLimit,
    _bare,
    _date,
    _define_page_total,
    _grid,
    _nothing,
    _Styles,
    _styles,
    _text,
    _watermark,
    case_barcode,
    qr_code,
    seal_drawing,
)
from app.documents.fonts import register_font
from app.documents.templates import NoticeKind, NoticeTemplate
from app.domain.clock import CHINA_TZ
from app.domain.errors import DomainError


@dataclass(frozen=True)
class MaterialRow:
    name: str
    form: str  # 原件, 复印件 ...
    copies: int = 1
    pages: int | None = None
    requirement: str = ""  # for 补正: what exactly must be brought (form, copies, note)


@dataclass(frozen=True)
class ItemLimits:
    """The time limits of one accepted item (working days, Art. 82)."""

    item: ServiceItem
    legal: TimeLimit | None
    promised: TimeLimit


@dataclass(frozen=True)
class Delivery:
    method: str  # 窗口领取 / 邮寄送达
    receiver: str
    receiver_id: str  # printed masked
    courier: str = ""
    tracking_number: str = ""
    at: dt.datetime | None = None


@dataclass(frozen=True)
class Notice:
    """One document to print; checked on construction, so a notice lacking its legal content never issues."""

    kind: NoticeKind
    template: NoticeTemplate
    agency: str
    hall: Hall
    case_number: str
    applicant: Applicant
    items: tuple[ServiceItem, ...]
    materials: tuple[MaterialRow, ...]
    issued_at: dt.datetime
    window: str
    clerk: str
    qr_payload: str
    common: Mapping[str, str] = field(default_factory=dict)
    agent: Person | None = None
    received_at: dt.datetime | None = None  # when the application was handed in
    submitted_on: dt.date | None = None  # when it became complete (acceptance after 补正)
    limits: tuple[ItemLimits, ...] = ()
    supplement_due: dt.date | None = None
    reason: str = ""
    basis: str = ""
    delivery: Delivery | None = None
    deadline_provisional: bool = False
    reprint: bool = False
    training: bool = False

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None:
            raise DomainError("the issue time must be timezone-aware")
        if not self.case_number or not set(self.case_number) <= _BARCODE_CHARS:
            raise DomainError(f"case number {self.case_number!r} must be printable ASCII for the barcode")
        if not self.items:
            raise DomainError("a notice names the items applied for")
        if not self.qr_payload.strip():
            raise DomainError("the QR code needs a payload")
        kind = self.kind
        if kind in (NoticeKind.ACCEPTANCE, NoticeKind.RECEIPT, NoticeKind.SUPPLEMENT) and not self.materials:
            raise DomainError(f"a {kind.value} lists materials")
        if kind is NoticeKind.ACCEPTANCE and len(self.limits) != len(self.items):
            raise DomainError("an acceptance notice states every item's time limits")
        if kind is NoticeKind.REJECTION and not self.reason.strip():
            raise DomainError("a refusal states its reason (Art. 38)")
        if kind is NoticeKind.SUPPLEMENT and self.supplement_due is None:
            raise DomainError("a supplement notice states the deadline")
        if kind is NoticeKind.DELIVERY and self.delivery is None:
            raise DomainError("a delivery receipt says how the result was delivered")
        for limit in self.limits:
            if limit.promised.due < self.issued_on or (
                limit.legal is not None and limit.legal.due < self.issued_on
            ):
                raise DomainError("a time limit cannot end before the acceptance date")

    @property
    def issued_on(self) -> dt.date:
        return self.issued_at.astimezone(CHINA_TZ).date()

    def values(self) -> dict[str, str]:
        received = (self.received_at or self.issued_at).astimezone(CHINA_TZ)
        delivered = self.delivery.at if self.delivery is not None and self.delivery.at else self.issued_at
        return {
            **self.common,
            "applicant": self.applicant.name,
            "items": "、".join(item.name for item in self.items),
            "agency": self.agency,
            "number": self.case_number,
            "submitted": _date(self.submitted_on or received.date()),
            "received": f"{_date(received.date())} {received:%H:%M}",
            "due": _date(self.supplement_due) if self.supplement_due else "",
            "reason": self.reason.strip().rstrip("。"),
            "basis": self.basis,
            "delivered": _date(delivered.astimezone(CHINA_TZ).date()),
            "method": self.delivery.method if self.delivery else "",
            "hall": self.hall.name,
            "hall_address": self.hall.address,
            "hall_phone": self.hall.phone,
            "window": self.window,
            "clerk": self.clerk,
        }


def _header(notice: Notice, s: _Styles) -> list[Any]:
    t = notice.template
    flow: list[Any] = [Paragraph(_text(notice.agency), s.agency), Paragraph(_text(t.title), s.title)]
    if t.subtitle:
        flow.append(Paragraph(_text(t.subtitle), s.agency))
    flow += [
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=1.2, color=INK, spaceAfter=0.7 * mm),
        HRFlowable(width="100%", thickness=0.4, color=INK, spaceAfter=2.5 * mm),
    ]
    left = [
        Paragraph(f"办件编号：<font size=12>{_text(notice.case_number)}</font>", s.body),
        Spacer(1, 1.5 * mm),
        case_barcode(notice.case_number),
        Spacer(1, 1.5 * mm),
        Paragraph(_GAP.join([f"窗口：{_text(notice.window)}", f"经办人：{_text(notice.clerk)}"]), s.body),
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


def _opening(notice: Notice, s: _Styles, values: Mapping[str, str]) -> list[Any]:
    t = notice.template
    return [
        Paragraph(f"{_text(notice.applicant.name)}：", s.body),
        Paragraph(_text(t.fill(t.body, values)), s.legal),
    ]


def _parties(notice: Notice, s: _Styles) -> list[Any]:
    def value(text: str) -> Paragraph:
        return Paragraph(_text(text) or "—", s.cell)

    def pair(a: str, av: str, b: str, bv: str) -> list[Any]:
        return [a, value(av), b, value(bv)]

    applicant = notice.applicant
    rows: list[list[Any]]
    if isinstance(applicant, Organisation):
        rows = [
            ["申请单位", value(applicant.name), "", ""],
            pair("统一社会信用代码", applicant.credit_code, "法定代表人", applicant.legal_representative),
            pair("联系电话", applicant.phone, "地址", applicant.address),
        ]
    else:
        rows = [
            pair("申请人", applicant.name, "联系电话", applicant.phone),
            pair("证件类型", applicant.id_type, "证件号码", applicant.id_number),
        ]
        if applicant.address:
            rows.append(["地址", value(applicant.address), "", ""])
    if notice.agent is not None:
        agent = notice.agent
        rows += [
            pair("代理人", agent.name, "联系电话", agent.phone),
            pair("证件类型", agent.id_type, "证件号码", agent.id_number),
        ]
    for item in notice.items:
        rows.append(pair("申请事项", item.name, "事项编码", item.code))
    extra: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (0, -1), SHADE), *_LABEL_TEXT]
    for n, row in enumerate(rows):
        extra.append(("SPAN", (1, n), (3, n)) if row[2] == "" else ("BACKGROUND", (2, n), (2, n), SHADE))
    return [
        KeepTogether(
            [Paragraph("一、申请人及申请事项", s.heading), _grid(rows, _PARTY_COLUMNS, s.font, *extra)]
        )
    ]


def _materials(notice: Notice, s: _Styles, number: str) -> list[Any]:
    if not notice.materials:
        return []
    supplement = notice.kind is NoticeKind.SUPPLEMENT
    if supplement:
        rows: list[list[Any]] = [["序号", "材料名称", "补正要求"]]
        widths = [12 * mm, 70 * mm, CONTENT_WIDTH - 82 * mm]
        for n, m in enumerate(notice.materials, start=1):
            requirement = m.requirement or f"{m.form}{m.copies}份"
            rows.append([str(n), Paragraph(_text(m.name), s.cell), Paragraph(_text(requirement), s.cell)])
    else:
        rows = [["序号", "材料名称", "材料形式", "份数", "页数"]]
        widths = [12 * mm, CONTENT_WIDTH - 64 * mm, 22 * mm, 15 * mm, 15 * mm]
        for n, m in enumerate(notice.materials, start=1):
            rows.append(
                [
                    str(n),
                    Paragraph(_text(m.name), s.cell),
                    Paragraph(_text(m.form), s.centre),
                    str(m.copies),
                    "—" if m.pages is None else str(m.pages),
                ]
            )
    table = _grid(
        rows,
        widths,
        s.font,
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("FONTSIZE", (0, 0), (-1, 0), 9),
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        *([] if supplement else [("ALIGN", (3, 1), (4, -1), "CENTER")]),
    )
    table.repeatRows = 1
    heading = f"{number}、{notice.template.materials_heading}（共{len(notice.materials)}项）"
    return [CondPageBreak(22 * mm), Paragraph(_text(heading), s.heading), table]


def _limit_text(limit: TimeLimit | None) -> str:
    if limit is None:
        return "法律法规未规定"
    if limit.working_days == 0:
        return f"当场办结（{_date(limit.due)}）"
    return f"{limit.working_days}个工作日，至{_date(limit.due)}"


def _particulars(notice: Notice, s: _Styles, number: str) -> list[Any]:
    """The decision's own facts: deadlines (受理), the refusal's reason, the 补正 deadline, the delivery."""
    rows: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (0, -1), SHADE), *_LABEL_TEXT]

    def wide(label: str, text: str) -> None:
        extra.append(("SPAN", (1, len(rows)), (3, len(rows))))
        rows.append([label, Paragraph(_text(text), s.cell), "", ""])

    issued = notice.issued_at.astimezone(CHINA_TZ)
    heading = "办理信息"
    if notice.kind is NoticeKind.ACCEPTANCE:
        heading = "受理时间与办理期限"
        wide("受理时间", f"{_date(issued.date())} {issued:%H:%M}（办理期限自受理之日起计算）")
        for limit in notice.limits:
            if len(notice.limits) > 1:
                wide("事项", limit.item.name)
            extra.append(("BACKGROUND", (2, len(rows)), (2, len(rows)), SHADE))
            rows.append(
                ["法定办结时限", _limit_text(limit.legal), "承诺办结时限", _limit_text(limit.promised)]
            )
        if notice.deadline_provisional:
            wide("说明", f"{PROVISIONAL_NOTE}。")
    elif notice.kind is NoticeKind.REJECTION:
        heading = "不予受理理由"
        wide("理由", notice.reason)
        wide("决定时间", f"{_date(issued.date())} {issued:%H:%M}")
    elif notice.kind is NoticeKind.SUPPLEMENT:
        heading = "补正期限"
        received = (notice.received_at or notice.issued_at).astimezone(CHINA_TZ)
        wide("收件时间", f"{_date(received.date())} {received:%H:%M}")
        assert notice.supplement_due is not None
        wide("补正期限", f"{_date(notice.supplement_due)}前（收件之日起五个工作日）")
    elif notice.kind is NoticeKind.DELIVERY:
        heading = "送达信息"
        delivery = notice.delivery
        assert delivery is not None
        wide("送达方式", delivery.method)
        wide("领取人", f"{delivery.receiver}（证件号码 {delivery.receiver_id}）")
        if delivery.courier or delivery.tracking_number:
            wide("快递", f"{delivery.courier}　运单号 {delivery.tracking_number}")
        at = (delivery.at or notice.issued_at).astimezone(CHINA_TZ)
        wide("送达时间", f"{_date(at.date())} {at:%H:%M}")
    else:
        return []
    return [
        KeepTogether(
            [Paragraph(f"{number}、{heading}", s.heading), _grid(rows, _DEADLINE_COLUMNS, s.font, *extra)]
        )
    ]


def _notes(notice: Notice, s: _Styles, values: Mapping[str, str], number: str) -> list[Any]:
    t = notice.template
    if not t.notes:
        return []
    notes = [Paragraph(f"{n}．{_text(t.fill(line, values))}", s.note) for n, line in enumerate(t.notes, 1)]
    return [Paragraph(f"{number}、{_text(t.notes_heading)}", s.heading), *notes]


def _closing(notice: Notice, s: _Styles) -> list[Any]:
    blank = "&nbsp;"
    t = notice.template
    left = [
        Paragraph(f"{_text(t.signature)}：<u>{blank * 34}</u>", s.body),
        Spacer(1, 4 * mm),
        Paragraph(f"签收日期：<u>{blank * 10}</u>年<u>{blank * 6}</u>月<u>{blank * 6}</u>日", s.body),
        Spacer(1, 4 * mm),
        Paragraph(_text(t.copies), s.small),
    ]
    seal = seal_drawing(notice.agency, notice.issued_on, s.font, t.seal)
    block = _bare(
        Table([[left, seal]], colWidths=[CONTENT_WIDTH - seal.width, seal.width]),
        s.font,
        ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
    )
    return [Spacer(1, 2 * mm), block]


_NUMBERS = "一二三四五六"


def _story(notice: Notice, s: _Styles) -> list[Any]:
    values = notice.values()
    sections: list[Callable[[str], list[Any]]] = [
        lambda n: _materials(notice, s, n),
        lambda n: _particulars(notice, s, n),
    ]
    flow: list[Any] = [*_header(notice, s), *_opening(notice, s, values), *_parties(notice, s)]
    position = 1
    for section in sections:
        part = section(_NUMBERS[position])
        if part:
            flow += part
            position += 1
    flow.append(KeepTogether([*_notes(notice, s, values, _NUMBERS[position]), *_closing(notice, s)]))
    flow.append(CallerMacro(drawCallable=partial(_define_page_total, font=s.font)))
    return flow


def _decorate_page(canvas: Any, doc: Any, notice: Notice, font: str) -> None:
    canvas.saveState()
    canvas.setFont(font, _FOOTER_SIZE)
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN_X, FOOTER_Y + 4 * mm, PAGE_WIDTH - MARGIN_X, FOOTER_Y + 4 * mm)
    title = notice.template.title
    canvas.drawString(MARGIN_X, FOOTER_Y, f"{notice.agency}　{title}　办件编号：{notice.case_number}")
    prefix = f"第 {doc.page} 页 / 共 "
    x = PAGE_WIDTH - MARGIN_X - stringWidth(prefix + "9 页", font, _FOOTER_SIZE)
    canvas.drawString(x, FOOTER_Y, prefix)
    canvas.translate(x + stringWidth(prefix, font, _FOOTER_SIZE), FOOTER_Y)
    canvas.doForm(_PAGE_TOTAL_FORM)
    canvas.restoreState()
    if notice.reprint:
        draw_reprint_mark(canvas, font)


def draw_reprint_mark(canvas: Any, font: str) -> None:
    """重打（副本） in a red box at the top left: a reprint is never taken for the original."""
    canvas.saveState()
    canvas.setStrokeColor(REPRINT_RED)
    canvas.setFillColor(REPRINT_RED)
    canvas.setLineWidth(1.2)
    top = PAGE_HEIGHT - MARGIN_TOP
    canvas.roundRect(MARGIN_X, top - 9 * mm, 32 * mm, 9 * mm, 1.5 * mm)
    canvas.setFont(font, 13)
    canvas.drawCentredString(MARGIN_X + 16 * mm, top - 6.3 * mm, REPRINT_MARK)
    canvas.restoreState()


def render_notice(notice: Notice, font_path: Path) -> bytes:
    """The document as an A4 PDF with the font embedded."""
    font = register_font(font_path)
    buffer = io.BytesIO()
    title = notice.template.title
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{notice.agency}{title} {notice.case_number}",
        author=notice.agency,
        subject=title,
        creator="一窗受理工作站",
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


def mark_reprint(pdf: bytes, font_path: Path) -> bytes:
    """A stored original with 重打（副本） stamped on every page: the copy says exactly what was issued."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    font = register_font(font_path)
    stamp_buffer = io.BytesIO()
    stamp = Canvas(stamp_buffer, pagesize=A4, initialFontName=font)
    draw_reprint_mark(stamp, font)
    stamp.showPage()
    stamp.save()
    mark = PdfReader(io.BytesIO(stamp_buffer.getvalue())).pages[0]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        page.merge_page(mark)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["Delivery", "ItemLimits", "MaterialRow", "Notice", "Organisation", "Person", "render_notice"]
