"""Who applies: a natural person or a legal person, identified by one kind of document."""

from __future__ import annotations

from enum import StrEnum


class ApplicantKind(StrEnum):
    NATURAL = "natural"  # 自然人
    LEGAL = "legal"  # 法人或其他组织


class IdDocumentType(StrEnum):
    """Internal document kinds; each province's code list (GA/T 2000.156 style) is mapped in sync data."""

    RESIDENT = "resident"  # 居民身份证
    HMT = "hmt"  # 港澳台居民居住证
    FOREIGN = "foreign"  # 外国人永久居留身份证
    PASSPORT = "passport"  # 护照
    USCC = "uscc"  # 统一社会信用代码
    OTHER = "other"

    @property
    def checked_as_citizen_id(self) -> bool:
        """These numbers share the GB 11643 format and check character (domain spec §1.5)."""
        return self in {IdDocumentType.RESIDENT, IdDocumentType.HMT, IdDocumentType.FOREIGN}
