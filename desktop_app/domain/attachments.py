"""Scanned attachments (application materials, decision scans): which files are accepted.

The media type is read from the file's first bytes, not trusted from its name: an archive
kept for 30 years must hold what it says it holds. Only images and PDF are scans.
"""

from __future__ import annotations

from desktop_app.errors import FieldError

MAX_BYTES = 20 * 1024 * 1024  # a many-page colour scan; larger files are split by the scanner
MAX_NAME = 255

#: kind → (Chinese, English)
KINDS: dict[str, tuple[str, str]] = {
    "application_material": ("康复申请材料", "application material"),
    "approval_decision": ("核准（确认）结论书", "approval decision"),
    "recognition_decision": ("工伤认定决定书", "injury recognition decision"),
    "identity_document": ("身份证件", "identity document"),
    "signed_sheet_scan": ("签名执行单扫描件", "signed execution sheet scan"),
    "signed_consent_scan": ("签名知情同意书扫描件", "signed consent form scan"),
    "transfer_summary": ("转入前机构的转院小结", "transfer summary of the earlier institution"),  # issue 19
    "expert_evaluation": ("专家评估意见", "expert evaluation"),
    "device_document": ("辅助器具资料", "assistive device document"),
    "other": ("其他", "other"),
}

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
MEDIA_TYPES = tuple(sorted({media for _, media in _SIGNATURES}))


def sniff_media_type(content: bytes) -> str | None:
    """The media type the content's first bytes show, or None if not an image or PDF."""
    for magic, media in _SIGNATURES:
        if content.startswith(magic):
            return media
    return None


def human_size(size: int) -> str:
    """1 234 567 → "1.2 MB" (for lists of files)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def validate_attachment(filename: str, content: bytes, kind: str, *,
                        field: str = "附件", key: str = "attachment") -> list[FieldError]:
    """Every reason the file cannot be kept as a scan, or ``[]``."""
    errors: list[FieldError] = []
    name = filename.strip()
    if not name:
        errors.append(FieldError(field, "附件须有文件名", "The attachment needs a file name", key=key))
    elif len(name) > MAX_NAME:
        errors.append(FieldError(field, f"文件名过长（{len(name)}个字符，最多{MAX_NAME}）",
                                 f"The file name is too long ({len(name)} characters, "
                                 f"at most {MAX_NAME})", key=key))
    if kind not in KINDS:
        errors.append(FieldError(field, f"未知的附件类型：{kind}", f"Unknown attachment kind: {kind}",
                                 key=key))
    if not content:
        errors.append(FieldError(field, f"文件“{name}”是空的", f"The file {name!r} is empty", key=key))
    elif len(content) > MAX_BYTES:
        errors.append(FieldError(field, f"文件“{name}”过大（{human_size(len(content))}，"
                                 f"最大{human_size(MAX_BYTES)}）",
                                 f"The file {name!r} is too large ({human_size(len(content))}; "
                                 f"at most {human_size(MAX_BYTES)})", key=key))
    elif sniff_media_type(content) is None:
        errors.append(FieldError(field, f"“{name}”不是图片（PNG/JPEG/TIFF）或PDF文件",
                                 f"{name!r} is not an image (PNG/JPEG/TIFF) or a PDF file", key=key))
    return errors
