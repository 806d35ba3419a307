"""The acceptance notice PDF: its text (through poppler), embedded font, pages, marks, barcode and QR code."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image  # Pillow comes with reportlab
from pypdf import PdfReader
from reportlab.graphics.barcode import code128, qrencoder
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.documents import acceptance_notice as module
from app.documents.acceptance_notice import (
    LEGAL_BASIS,
    PROVISIONAL_NOTE,
    REPRINT_MARK,
    TRAINING_MARK,
    AcceptanceNotice,
    Hall,
    Material,
    Organisation,
    Person,
    ServiceItem,
    TimeLimit,
    case_barcode,
    qr_code,
    render_acceptance_notice,
)
from app.documents.fonts import default_font_path
from app.domain.clock import CHINA_TZ
from app.domain.errors import DomainError

FONTS = default_font_path()
ACCEPTED = dt.datetime(2026, 11, 25, 10, 32, tzinfo=CHINA_TZ)
QR_URL = "https://zwfw.example.gov.cn/q?no=W03-20261125-00007"
MATERIALS = (
    Material("营业执照申请书", "原件", 1, 3),
    Material("公司章程", "原件", 1, 12),
    Material("法定代表人身份证明", "复印件", 1, 1),
    Material("住所使用证明", "复印件", 2, 6),
    Material("股东会决议", "原件", 1, None),
)


def make_notice(**changes: Any) -> AcceptanceNotice:
    notice = AcceptanceNotice(
        agency="广州市越秀区行政审批服务局",
        hall=Hall("越秀区政务服务中心", "广州市越秀区东风中路318号二楼", "020-83100000"),
        case_number="W03-20261125-00007",
        applicant=Person(
            "王㐀明", "居民身份证", "11010519491231002X", "13800138000", "广州市越秀区北京路100号"
        ),
        item=ServiceItem("食品经营许可证核发", "11440104MB2C9123XY4442111001000"),
        materials=MATERIALS,
        accepted_at=ACCEPTED,
        legal_limit=TimeLimit(20, dt.date(2026, 12, 23)),
        promised_limit=TimeLimit(5, dt.date(2026, 12, 2)),
        window="A03号窗口",
        clerk="李晓华",
        qr_payload=QR_URL,
        document_number="越审受〔2026〕1125号",
        query_password="482913",
    )
    return dataclasses.replace(notice, **changes)


def pdftotext(pdf: bytes, page: int | None = None) -> str:
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    result = subprocess.run(["pdftotext", *pages, "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def flat(text: str) -> str:
    """Text without the line breaks and spaces that table cells and wrapping put into it."""
    return "".join(text.split())


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def typical() -> bytes:
    return render_acceptance_notice(make_notice(), FONTS)


# ---------------------------------------------------------------- content


def test_typical_notice_is_one_a4_page(typical: bytes) -> None:
    reader = PdfReader(io.BytesIO(typical))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / mm), round(float(box.height) / mm)) == (210, 297)


def test_text_holds_what_the_applicant_needs(typical: bytes) -> None:
    text = flat(pdftotext(typical))
    for expected in [
        "广州市越秀区行政审批服务局",
        "受理通知书",
        "文书编号：越审受〔2026〕1125号",
        "受理编号：W03-20261125-00007",
        "查询密码：482913",
        "王㐀明",
        "11010519491231002X",
        "食品经营许可证核发",
        "11440104MB2C9123XY4442111001000",
        "2026年11月25日10:32",
        "20个工作日，至2026年12月23日",
        "5个工作日，至2026年12月2日",
        "A03号窗口",
        "李晓华",
        "020-83100000",
        "越秀区政务服务中心（广州市越秀区东风中路318号二楼）",
        "（受理专用章）",
        "二〇二六年十一月二十五日",
        "申请人（代理人）签收",
        "一式两份",
    ]:
        assert expected in text, expected
    for material in MATERIALS:
        assert material.name in text


def test_legal_wording_is_verbatim(typical: bytes) -> None:
    wording = (
        "你（单位）于2026年11月25日提交的食品经营许可证核发申请，经审查，申请材料齐全、符合法定形式，"
        "根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，决定予以受理。"
    )
    assert wording.endswith(LEGAL_BASIS)
    assert wording in flat(pdftotext(typical))


def test_rare_character_survives_extraction(typical: bytes) -> None:
    # U+3400, CJK Extension A: fonts without it drop it silently, and the applicant's name changes.
    assert "王㐀明" in pdftotext(typical)


def test_submission_date_and_acceptance_date_can_differ() -> None:
    text = flat(pdftotext(render_acceptance_notice(make_notice(submitted_on=dt.date(2026, 11, 20)), FONTS)))
    assert "你（单位）于2026年11月20日提交的" in text
    assert "2026年11月25日10:32" in text


def test_times_print_in_china_time() -> None:
    # 20:30 UTC on the 24th is 04:30 on the 25th in the hall; both the time and the seal date follow China.
    utc = dt.datetime(2026, 11, 24, 20, 30, tzinfo=dt.UTC)
    text = flat(pdftotext(render_acceptance_notice(make_notice(accepted_at=utc), FONTS)))
    assert "2026年11月25日04:30" in text
    assert "二〇二六年十一月二十五日" in text


def test_organisation_applicant_with_agent() -> None:
    company = Organisation("广州市<越秀>&餐饮管理有限公司", "91350100M000100Y43", "赵大伟", "020-12345678")
    agent = Person("陈代理", "港澳居民居住证", "810000199001011234", "13900139000")
    text = flat(pdftotext(render_acceptance_notice(make_notice(applicant=company, agent=agent), FONTS)))
    # Markup characters in applicant data are printed, not interpreted.
    assert "广州市<越秀>&餐饮管理有限公司：" in text
    for expected in [
        "申请单位",
        "统一社会信用代码",
        "91350100M000100Y43",
        "法定代表人",
        "赵大伟",
        "020-12345678",
    ]:
        assert expected in text
    for expected in ["代理人", "陈代理", "港澳居民居住证", "810000199001011234", "13900139000"]:
        assert expected in text


def test_optional_fields_left_out() -> None:
    notice = make_notice(document_number=None, query_password=None)
    text = flat(pdftotext(render_acceptance_notice(notice, FONTS)))
    assert "文书编号" not in text
    assert "查询密码" not in text
    assert "或凭受理编号查询办理进度" in text


def test_collection_text_replaces_the_default() -> None:
    notice = make_notice(collection="办理结果将通过EMS邮寄送达申请人地址。")
    text = flat(pdftotext(render_acceptance_notice(notice, FONTS)))
    assert "结果领取：办理结果将通过EMS邮寄送达申请人地址。" in text
    assert "A03号窗口领取办理结果" not in text


def test_provisional_deadline_note_only_when_flagged(typical: bytes) -> None:
    assert PROVISIONAL_NOTE not in flat(pdftotext(typical))
    flagged = render_acceptance_notice(make_notice(deadline_provisional=True), FONTS)
    assert PROVISIONAL_NOTE in flat(pdftotext(flagged))


def test_reprint_and_training_marks(typical: bytes) -> None:
    plain = PdfReader(io.BytesIO(typical)).pages[0].extract_text()
    assert REPRINT_MARK not in plain
    assert TRAINING_MARK not in plain
    # pypdf, not pdftotext: poppler scatters the characters of rotated text across the page.
    marked = render_acceptance_notice(make_notice(reprint=True, training=True), FONTS)
    text = PdfReader(io.BytesIO(marked)).pages[0].extract_text()
    assert REPRINT_MARK in text
    assert TRAINING_MARK in text


def test_marks_repeat_on_every_page() -> None:
    pdf = render_acceptance_notice(make_notice(materials=MATERIALS * 8, reprint=True, training=True), FONTS)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    for page in pages:
        text = page.extract_text()
        assert REPRINT_MARK in text
        assert TRAINING_MARK in text


# ---------------------------------------------------------------- pages


def test_forty_materials_continue_on_a_second_page_under_a_repeated_header() -> None:
    materials = tuple(Material(f"申请材料第{n}号", "复印件", 1, n) for n in range(1, 41))
    pdf = render_acceptance_notice(make_notice(materials=materials), FONTS)
    assert page_count(pdf) == 2
    first, second = flat(pdftotext(pdf, 1)), flat(pdftotext(pdf, 2))
    header = "序号材料名称材料形式份数页数"
    assert header in first
    assert header in second
    assert "共40项" in first
    every = first + second
    for material in materials:
        assert material.name in every
    assert "申请材料第40号" in second
    # Every page names its case and its place in the set; the seal is on the last page, under text.
    assert "第1页/共2页" in first
    assert "第2页/共2页" in second
    assert "W03-20261125-00007" in second
    assert "二〇二六年十一月二十五日" in second
    assert "二〇二六年十一月二十五日" not in first


# ---------------------------------------------------------------- font


def test_only_the_embedded_truetype_subset_is_used(typical: bytes) -> None:
    fonts: list[Any] = []
    for page in PdfReader(io.BytesIO(typical)).pages:
        fonts += [font.get_object() for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType"
        assert "WenQuanYiZenHei" in font["/BaseFont"]
        assert "STSong" not in font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"]


def test_poppler_sees_every_font_embedded(typical: bytes) -> None:
    # pdffonts lists what the pages use, so a stray unembedded Helvetica would show up here.
    listing = subprocess.run(["pdffonts", "-"], input=typical, capture_output=True, check=False)
    if listing.returncode != 0:  # older poppler cannot read stdin
        pytest.skip("pdffonts cannot read from stdin here")
    rows = listing.stdout.decode().splitlines()[2:]
    assert rows
    for row in rows:
        assert "WenQuanYiZenHei" in row
        assert " yes yes yes " in row  # embedded, subset, ToUnicode map


# ---------------------------------------------------------------- picture


def test_page_renders_to_a_non_blank_png(typical: bytes, tmp_path: Path) -> None:
    (tmp_path / "notice.pdf").write_bytes(typical)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-singlefile", str(tmp_path / "notice.pdf"), str(tmp_path / "page")],
        check=True,
    )
    with Image.open(tmp_path / "page.png") as image:
        grey = image.convert("L")
        width, height = grey.size
        assert (abs(width - 413), abs(height - 585)) <= (1, 1)  # A4 at 50 dpi
        histogram = grey.histogram()
    dark = sum(histogram[:128]) / sum(histogram)
    assert 0.02 < dark < 0.4  # ink on the page, but not a black page either


def rasterise(draw: Any, page: tuple[float, float], tmp_path: Path, dpi: int) -> Image.Image:
    """Draw one flowable on a small page and return the page as a greyscale image."""
    pdf = tmp_path / "part.pdf"
    canvas = Canvas(str(pdf), pagesize=page)
    draw(canvas)
    canvas.save()
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(tmp_path / "part")], check=True
    )
    with Image.open(tmp_path / "part.png") as image:
        return image.convert("L")


def test_qr_code_draws_the_modules_of_its_payload(tmp_path: Path) -> None:
    # No QR decoder is installed, so this is the next best thing: encode the payload independently (the
    # encoder alone, level M) and check the rendered page module by module, quiet zone included.
    reference = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    reference.addData(QR_URL)
    reference.make()
    count = reference.getModuleCount()
    cell = 10  # pixels per module at 72 dpi when the symbol is 10 points per module
    size = (count + 8) * cell
    code = qr_code(QR_URL, size)
    assert code.value == QR_URL

    def draw(canvas: Canvas) -> None:
        code.wrapOn(canvas, size, size)
        code.drawOn(canvas, 0, 0)

    image = rasterise(draw, (size, size), tmp_path, 72)
    for row in range(-4, count + 4):
        for col in range(-4, count + 4):
            inside = 0 <= row < count and 0 <= col < count
            expected = inside and bool(reference.modules[row][col])
            pixel = image.getpixel(((col + 4) * cell + cell // 2, (row + 4) * cell + cell // 2))
            assert (pixel < 128) == expected, (row, col)


def decode_code128(widths: list[int]) -> str:
    """Decode Code128 from bar/space widths in modules (start, data, checksum, stop)."""
    # reportlab's symbol table, read backwards; everything else here follows the Code128 specification.
    by_pattern = {pattern: value for value, pattern in code128._patterns.items()}
    letters = "ABCD"  # reportlab's notation: bars A-D and spaces a-d are 1-4 modules wide

    def symbol(chunk: list[int]) -> int:
        pattern = "".join(
            letters[w - 1] if i % 2 == 0 else letters[w - 1].lower() for i, w in enumerate(chunk)
        )
        return by_pattern[pattern]

    assert len(widths) % 6 == 1  # every symbol is 3 bars + 3 spaces; the stop has a 7th element
    values = [symbol(widths[i : i + 6]) for i in range(0, len(widths) - 7, 6)]
    assert symbol(widths[-7:]) == 106  # stop
    start, *data, check = values
    assert (start + sum(position * v for position, v in enumerate(data, start=1))) % 103 == check
    code = {103: "A", 104: "B", 105: "C"}[start]
    switches = {"A": {99: "C", 100: "B"}, "B": {99: "C", 101: "A"}, "C": {100: "B", 101: "A"}}
    text = ""
    for value in data:
        if value in switches[code]:
            code = switches[code][value]
        elif code == "C":
            text += f"{value:02d}"
        else:
            assert value < 64, value  # printable ASCII: the part that sets A and B share
            text += chr(32 + value)
    return text


def test_barcode_scans_as_the_case_number(tmp_path: Path) -> None:
    number = "W03-20261125-00007"
    barcode = case_barcode(number)
    dpi = 600  # about 6.6 pixels per module

    def draw(canvas: Canvas) -> None:
        barcode.wrapOn(canvas, 90 * mm, 20 * mm)
        barcode.drawOn(canvas, 5 * mm, 5 * mm)

    image = rasterise(draw, (90 * mm, 20 * mm), tmp_path, dpi)
    row = image.height // 2  # a scan line through the middle of the bars
    line = [image.getpixel((x, row)) < 128 for x in range(image.width)]
    runs: list[int] = []
    dark = line.index(True)
    end = len(line) - line[::-1].index(True)
    current, length = line[dark], 0
    for pixel in line[dark:end]:
        if pixel == current:
            length += 1
        else:
            runs.append(length)
            current, length = pixel, 1
    runs.append(length)
    module = barcode.barWidth / 72 * dpi
    assert decode_code128([round(run / module) for run in runs]) == number


def test_notice_passes_its_payload_and_number_to_the_symbols(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, str] = {}
    real_qr, real_barcode = module.qr_code, module.case_barcode

    def spy_qr(payload: str, size: float) -> Any:
        seen["qr"] = payload
        return real_qr(payload, size)

    def spy_barcode(number: str) -> Any:
        seen["barcode"] = number
        return real_barcode(number)

    monkeypatch.setattr(module, "qr_code", spy_qr)
    monkeypatch.setattr(module, "case_barcode", spy_barcode)
    render_acceptance_notice(make_notice(), FONTS)
    assert seen == {"qr": QR_URL, "barcode": "W03-20261125-00007"}


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"accepted_at": dt.datetime(2026, 11, 25, 10, 32)}, "timezone-aware"),
        ({"case_number": ""}, "ASCII"),
        ({"case_number": "受理-0001"}, "ASCII"),
        ({"query_password": "12345"}, "6 digits"),
        ({"query_password": "12345a"}, "6 digits"),
        ({"query_password": "１２３４５６"}, "6 digits"),
        ({"materials": ()}, "materials"),
        ({"qr_payload": "  "}, "QR"),
        ({"submitted_on": dt.date(2026, 11, 26)}, "submitted"),
        ({"legal_limit": TimeLimit(20, dt.date(2026, 11, 24))}, "before the acceptance"),
        ({"promised_limit": TimeLimit(25, dt.date(2026, 12, 23))}, "exceed"),
        ({"promised_limit": TimeLimit(5, dt.date(2026, 12, 24))}, "exceed"),
    ],
)
def test_inconsistent_notices_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(DomainError, match=message):
        make_notice(**changes)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Material(" ", "原件"),
        lambda: Material("公司章程", "原件", 0),
        lambda: Material("公司章程", "原件", 1, 0),
        lambda: TimeLimit(-1, dt.date(2026, 12, 1)),
    ],
)
def test_materials_and_limits_are_checked(build: Any) -> None:
    with pytest.raises(DomainError):
        build()


def test_same_day_limits_are_allowed() -> None:
    # 即办件: decided on the spot, both limits end the day of acceptance.
    same_day = TimeLimit(0, ACCEPTED.date())
    notice = make_notice(legal_limit=same_day, promised_limit=same_day)
    assert "当场办结（2026年11月25日）" in flat(pdftotext(render_acceptance_notice(notice, FONTS)))


def test_an_item_without_a_statutory_limit_says_so() -> None:
    notice = make_notice(legal_limit=None)
    text = flat(pdftotext(render_acceptance_notice(notice, FONTS)))
    assert "法律法规未规定" in text
    assert "5个工作日，至2026年12月2日" in text
