"""Notice templates: a hall overrides wording key by key; a broken template names its file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.documents.templates import NoticeKind, TemplateError, load_templates
from app.settings import RESOURCES

BUNDLED = RESOURCES / "notices"


def test_every_document_has_its_legal_sentences() -> None:
    templates = load_templates(BUNDLED)
    assert "第三十二条第一款第（五）项" in templates[NoticeKind.ACCEPTANCE].body
    assert "第三十二条第一款第（四）项" in templates[NoticeKind.SUPPLEMENT].body
    rights = "".join(templates[NoticeKind.REJECTION].notes)
    assert "六十日内" in rights
    assert "六个月内" in rights
    assert "不代表已受理" in "".join(templates[NoticeKind.RECEIPT].notes)
    assert templates.common["court"].endswith("人民法院")


def test_a_site_directory_overrides_only_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "acceptance_notice.toml").write_text('title = "受理回执"\n', encoding="utf-8")
    (tmp_path / "common.toml").write_text('court = "杭州互联网法院"\n', encoding="utf-8")
    templates = load_templates(BUNDLED, tmp_path)
    assert templates[NoticeKind.ACCEPTANCE].title == "受理回执"
    assert templates[NoticeKind.ACCEPTANCE].body == load_templates(BUNDLED)[NoticeKind.ACCEPTANCE].body
    assert templates.common["court"] == "杭州互联网法院"
    assert templates.common["review_organ"] == "杭州市西湖区人民政府"


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        ('titel = "受理通知书"\n', "titel", "unknown key"),
        ('body = "你于{submited}提交"\n', "body", "unknown placeholder(s) submited"),
        ("notes = [1]\n", "notes", "list of strings"),
        ('notes = ["{hall"]\n', "notes[0]", "expected"),
        ("title = \n", "-", "not valid TOML"),
    ],
)
def test_a_broken_site_template_names_file_and_key(tmp_path: Path, text: str, key: str, reason: str) -> None:
    path = tmp_path / "rejection_notice.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_templates(BUNDLED, tmp_path)
    assert caught.value.source == str(path)
    assert caught.value.key == key
    assert reason in caught.value.reason
