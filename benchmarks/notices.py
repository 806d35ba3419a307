"""Notice generation per page against a bare reportlab page with the same font and the same text.

For each of the five documents (受理, 不予受理, 补正, 材料接收, 出件) a typical notice is rendered; the floor
is a bare reportlab canvas page that draws the very same text (extracted from the notice) as plain lines
with the same embedded font: the cost of embedding the glyphs and writing a page, without layout, tables,
barcode, QR code or seal. The ratio is the median time per notice page over the median floor page.

python -m benchmarks.notices [runs]   (last line: the ratio; target <= 5)
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import time

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.documents.acceptance_notice import Hall, Person, ServiceItem, TimeLimit
from app.documents.fonts import default_font_path, register_font
from app.documents.notice import Delivery, ItemLimits, MaterialRow, Notice, render_notice
from app.documents.templates import NoticeKind, load_templates
from app.domain.clock import CHINA_TZ
from app.settings import RESOURCES

AT = dt.datetime(2026, 11, 25, 10, 32, tzinfo=CHINA_TZ)
MATERIALS = (
    MaterialRow("个体工商户登记（备案）申请书", "原件", 1, 3, "原件1份"),
    MaterialRow("经营者身份证明", "原件", 1, 1, "原件1份"),
    MaterialRow("经营场所租赁协议及出租方产权证明", "复印件", 1, 6, "复印件1份"),
    MaterialRow("经营者签署的授权委托书", "原件", 1, None, "原件1份"),
    MaterialRow("受托人居民身份证", "原件", 1, None, "原件1份"),
)


def notices() -> list[Notice]:
    templates = load_templates(RESOURCES / "notices")
    item = ServiceItem("个体工商户设立登记", "330106-SCJG-001")
    common = {
        "agency": "西湖区市场监督管理局",
        "hall": Hall("杭州市西湖区政务服务中心", "杭州市西湖区文三路500号一楼", "0571-87000000"),
        "case_number": "XH03-20261125-00007",
        "applicant": Person(
            "王㐀明", "居民身份证", "11010519491231002X", "13800138000", "杭州市西湖区文三路1号"
        ),
        "agent": Person("陈代理", "居民身份证", "440524188001010014", "13900139000"),
        "items": (item,),
        "issued_at": AT,
        "window": "综合受理3号窗口",
        "clerk": "李晓华",
        "qr_payload": "https://zwfw.example.gov.cn/progress?no=XH03-20261125-00007",
        "received_at": AT,
    }
    limits = (ItemLimits(item, TimeLimit(3, dt.date(2026, 11, 30)), TimeLimit(0, dt.date(2026, 11, 25))),)
    return [
        Notice(
            NoticeKind.ACCEPTANCE,
            templates[NoticeKind.ACCEPTANCE],
            materials=MATERIALS,
            limits=limits,
            **common,
        ),
        Notice(
            NoticeKind.REJECTION,
            templates[NoticeKind.REJECTION],
            materials=MATERIALS[:1],
            reason="申请事项依法不属于本机关职权范围，请向杭州市市场监督管理局申请",
            common=templates.common,
            **common,
        ),
        Notice(
            NoticeKind.SUPPLEMENT,
            templates[NoticeKind.SUPPLEMENT],
            materials=MATERIALS[1:3],
            supplement_due=dt.date(2026, 12, 2),
            **common,
        ),
        Notice(NoticeKind.RECEIPT, templates[NoticeKind.RECEIPT], materials=MATERIALS[:1], **common),
        Notice(
            NoticeKind.DELIVERY,
            templates[NoticeKind.DELIVERY],
            materials=(MaterialRow("个体工商户设立登记办理结果", "原件"),),
            delivery=Delivery("邮寄送达", "王㐀明", "1101**********002X", "中国邮政EMS", "EA123456789CN", AT),
            **common,
        ),
    ]


def bare_page(lines: list[str], font: str) -> bytes:
    """The floor: one canvas page, the same text as plain lines in the same embedded font."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=font)
    canvas.setFont(font, 10)
    y = A4[1] - 40
    for line in lines:
        canvas.drawString(40, y, line)
        y -= 12
        if y < 40:
            y = A4[1] - 40
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(body: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        body()  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main(runs: int = 40) -> None:
    fonts = default_font_path()
    font = register_font(fonts)
    per_page: list[float] = []
    floor: list[float] = []
    for notice in notices():
        pdf = render_notice(notice, fonts)  # warm-up
        reader = PdfReader(io.BytesIO(pdf))
        pages = len(reader.pages)
        lines = [
            line for page in reader.pages for line in (page.extract_text() or "").splitlines() if line.strip()
        ]
        bare_page(lines, font)
        notice_time = timed(lambda n=notice: render_notice(n, fonts), runs) / pages
        floor_time = timed(lambda ls=lines: bare_page(ls, font), runs)
        per_page.append(notice_time)
        floor.append(floor_time)
        print(
            f"{notice.template.title}: {pages} page(s), {notice_time * 1000:.1f} ms per page; "
            f"bare page with the same {sum(len(x) for x in lines)} characters {floor_time * 1000:.1f} ms"
        )
    ratio = statistics.median(per_page) / statistics.median(floor)
    print(f"notice per page / bare reportlab page, same font and text (median of 5 documents): {ratio:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
