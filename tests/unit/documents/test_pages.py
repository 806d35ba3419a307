"""The page pipeline on synthetic pages: orientation, crop, deskew, compression, thumbnails, lossless PDFs."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from app.documents import pages
from app.documents.pages import Compression, PageProfile, PdfPage
from tests.support.sane import document_page

LOSSLESS = PageProfile(compression=Compression.LOSSLESS, deskew=False)


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("L"), b.convert("L"))).mean)


@pytest.mark.parametrize("angle", [2.0, -3.4, 1.2, -4.5])
def test_deskew_finds_the_angle_a_page_was_fed_at(angle: float) -> None:
    straight = document_page(2, (1240, 1754))
    skewed = straight.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert pages.find_skew(skewed) == pytest.approx(-angle, abs=0.2)
    assert pages.find_skew(straight) == 0.0
    assert pages.find_skew(Image.new("L", (800, 1100), 255)) == 0.0  # blank: nothing to align


def test_a_straightened_page_is_close_to_the_original() -> None:
    straight = document_page(1, (1240, 1754))
    skewed = straight.rotate(3.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    done = pages.process(skewed, PageProfile(compression=Compression.LOSSLESS))
    assert done.skew == pytest.approx(-3.0, abs=0.2)
    fixed = pages.decode(done.data)
    assert mean_difference(fixed, straight) < mean_difference(skewed, straight) / 2


def test_auto_crop_cuts_the_dark_lid_away() -> None:
    page = document_page(1)
    scan = Image.new("L", (1100, 1400), 35)
    scan.paste(page, (120, 90))
    cropped, did = pages.auto_crop(scan)
    assert did
    assert abs(cropped.width - page.width) < 40
    assert abs(cropped.height - page.height) < 40
    assert pages.auto_crop(page)[1] is False  # a page without a border stays as it is


def test_exif_orientation_is_applied() -> None:
    page = document_page(1, (400, 600))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 clockwise to display
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", exif=exif)
    done = pages.process(pages.decode(buffer.getvalue()), LOSSLESS)
    assert (done.width, done.height) == (600, 400)


def test_compression_modes_and_their_media_types() -> None:
    page = document_page(3)
    lossless = pages.process(page, LOSSLESS)
    assert lossless.media_type == pages.PNG
    assert ImageChops.difference(pages.decode(lossless.data), page).getbbox() is None
    bilevel = pages.process(page, PageProfile(compression=Compression.BILEVEL, deskew=False))
    assert bilevel.media_type == pages.TIFF
    assert pages.decode(bilevel.data).mode == "1"
    jpeg = pages.process(page, PageProfile(compression=Compression.JPEG, deskew=False))
    assert jpeg.media_type == pages.JPEG
    assert mean_difference(pages.decode(jpeg.data), page) < 3
    auto = pages.process(page, PageProfile(deskew=False))
    assert auto.media_type == pages.TIFF  # a plain text page goes bilevel
    photo = Image.linear_gradient("L").resize((600, 800)).convert("RGB")
    assert pages.process(photo, PageProfile(deskew=False)).media_type == pages.JPEG
    assert len(bilevel.data) < len(jpeg.data)


def test_a_size_target_lowers_the_jpeg_quality() -> None:
    noisy = Image.effect_noise((1200, 1600), 60)
    free = pages.process(noisy, PageProfile(compression=Compression.JPEG, deskew=False, jpeg_quality=90))
    limited = pages.process(
        noisy,
        PageProfile(
            compression=Compression.JPEG, deskew=False, jpeg_quality=90, max_bytes=len(free.data) // 2
        ),
    )
    assert len(limited.data) < len(free.data) * 0.75


def test_thumbnail_is_small() -> None:
    done = pages.process(document_page(1), LOSSLESS)
    thumb = pages.decode(done.thumbnail)
    assert max(thumb.size) == 200
    assert pages.decode(pages.rotated_thumbnail(done.thumbnail, 1)).size == thumb.size[::-1]


def test_undecodable_bytes_are_refused() -> None:
    for data in (b"", b"not an image", document_jpeg()[:200]):
        with pytest.raises(pages.PageUnreadable):
            pages.decode(data)


def document_jpeg() -> bytes:
    buffer = io.BytesIO()
    document_page(1).save(buffer, "JPEG")
    return buffer.getvalue()


def test_pdf_embeds_the_stored_streams_unchanged_and_rotation_is_a_page_attribute() -> None:
    stored = [
        pages.process(document_page(n), PageProfile(compression=c, deskew=False)).data
        for n, c in ((1, Compression.JPEG), (2, Compression.BILEVEL), (3, Compression.LOSSLESS))
    ]
    pdf = pages.assemble_pdf([PdfPage(stored[0]), PdfPage(stored[1], 90), PdfPage(stored[2], 270)], title="t")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    assert [p.get("/Rotate", 0) for p in reader.pages] == [0, 90, 270]
    first = next(iter(reader.pages[0]["/Resources"]["/XObject"].values())).get_object()
    assert first.get_data() == stored[0]  # JPEG copied byte for byte (DCTDecode)
    images = pages.page_images(pdf)
    assert ImageChops.difference(images[2].convert("L"), document_page(3)).getbbox() is None
    assert (
        ImageChops.difference(images[1].convert("L"), pages.decode(stored[1]).convert("L")).getbbox() is None
    )
    with pytest.raises(ValueError, match="at least one page"):
        pages.assemble_pdf([])
