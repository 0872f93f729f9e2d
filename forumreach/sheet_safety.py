"""Checks an uploaded file must pass before any parser sees it.

Analysts upload whatever their colleagues e-mailed them, so the bytes decide the format, not the
extension, and a workbook is only handed to a parser once its zip container is known not to
expand into gigabytes or carry XML entity declarations.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_TOTAL = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small members (styles, themes) legitimately compress far better than 100:1.
RATIO_APPLIES_ABOVE = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
# Calamine holds a sheet as a dense rectangle up to its farthest cell, so one stray value in
# XFD1048576 would ask for 17 billion cells and abort the process. 6M cells is 200,000 rows of 30.
MAX_SHEET_CELLS = 6_000_000

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Formats people rename to .xlsx by mistake; named so the message can say what the file really is.
FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"MZ", "a Windows program (.exe)"),
    (b"\x7fELF", "a Linux program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)

# Encrypted OOXML is a CFB container holding these streams; directory names are UTF-16LE.
ENCRYPTED_OOXML_STREAMS = tuple(
    name.encode("utf-16-le") for name in ("EncryptionInfo", "EncryptedPackage")
)
LOCKED_WORKBOOK_PROBLEM = "the workbook is password-protected; save a copy without a password"
LOCKED_WORKBOOK_ID = "ingest.locked"
# The kind of file a refusal names, the same word in every language.
FORMAT_NAMES = {
    "a PNG image": "PNG", "a JPEG image": "JPEG", "a GIF image": "GIF", "a PDF document": "PDF",
    "a Windows program (.exe)": "EXE", "a Linux program": "ELF", "a gzip archive": "gzip",
    "a RAR archive": "RAR", "a 7-Zip archive": "7-Zip", "an RTF document": "RTF",
}

XML_DECLARATION_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
# Cheap first pass: only a column past Z, a row past 199,999, or an odd attribute separator can
# push a sheet past MAX_SHEET_CELLS (199,999 x 26 is under it), so only then scan every cell.
_MAYBE_FAR = re.compile(rb' r="(?:[A-Z]{2,3}[0-9]|[A-Z]{0,3}(?:[2-9][0-9]{5}|[0-9]{7})")')
_ODD_SEPARATORS = (b'\tr="', b'\nr="', b'\rr="')
_SCAN_CHUNK = 1024 * 1024
_BROKEN_MEMBER = (
    zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, KeyError
)


class IngestError(ValueError):
    """The one error every bad upload raises, so the page can show it without knowing causes.

    `problem` is English (CLI, logs); `message_id` and `params` name the same problem in the
    catalogs (`ingest.*` in forumreach/locales), so a page can say it in its reader's language.
    """

    def __init__(self, filename: str, problem: str, message_id: str = "", **params: object
                 ) -> None:
        self.filename = filename
        self.problem = problem
        self.message_id = message_id
        self.params = params
        super().__init__(f"{filename}: {problem}")


def sniff_container(data: bytes, filename: str) -> str:
    """Return 'zip', 'cfb' or 'text' from the leading bytes, refusing known non-spreadsheets."""
    if not data:
        raise IngestError(filename, "the file is empty (0 bytes)", "ingest.empty_file")
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return "zip"
    if data.startswith(CFB_MAGIC):
        return "cfb"
    for magic, what in FOREIGN_MAGIC:
        if data.startswith(magic):
            raise IngestError(filename, f"not a spreadsheet: the file is {what}",
                              "ingest.not_a_spreadsheet", kind=FORMAT_NAMES[what])
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise IngestError(
            filename,
            "not a spreadsheet: the file is a web page (HTML); open it in Excel and save as .xlsx",
            "ingest.web_page",
        )
    return "text"


def is_encrypted_ooxml(data: bytes) -> bool:
    """Excel's 'protect with password' wraps the whole xlsx in a CFB file with these streams."""
    return any(name in data for name in ENCRYPTED_OOXML_STREAMS)


def zip_workbook_kind(data: bytes, filename: str) -> str:
    """Vet the zip container and return 'xlsx' or 'ods'.

    Declared sizes and ratios are checked first; then every member is streamed through the
    decompressor with the declared size as a hard cap, which catches a header that lies about
    its size, a truncated or corrupted member, and XML entity declarations (billion laughs)
    before calamine is given the bytes.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as err:  # zipfile raises many kinds on a damaged central directory
        problem = f"corrupt or truncated workbook (not a readable zip: {err})"
        raise IngestError(filename, problem, "ingest.corrupt") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise IngestError(filename, f"refused: the zip holds {len(members)} files",
                          "ingest.unsafe")
    check_declared_sizes(members, filename)
    names = {m.filename for m in members}
    kind = _workbook_kind(archive, names, filename)
    for member in members:
        _stream_member(archive, member, filename)
    return kind


def check_declared_sizes(members: list[zipfile.ZipInfo], filename: str) -> None:
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNCOMPRESSED_TOTAL:
            raise IngestError(
                filename,
                f"refused as a zip bomb: it would expand to over {MAX_UNCOMPRESSED_TOTAL >> 20} MB",
                "ingest.unsafe",
            )
        if member.file_size > RATIO_APPLIES_ABOVE:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise IngestError(
                    filename,
                    f"refused as a zip bomb: {member.filename} expands {ratio:.0f}:1",
                    "ingest.unsafe",
                )


def _workbook_kind(archive: zipfile.ZipFile, names: set[str], filename: str) -> str:
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
            problem = "binary Excel workbooks (.xlsb) are not supported; save as .xlsx"
            raise IngestError(filename, problem, "ingest.xlsb")
        return "xlsx"
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100]
        except Exception as err:  # any read failure means a broken container
            raise IngestError(filename, f"corrupt or truncated workbook ({err})",
                              "ingest.corrupt") from None
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        raise IngestError(filename, "not a spreadsheet: an OpenDocument file that is not a sheet",
                          "ingest.not_a_spreadsheet", kind="OpenDocument")
    if "word/document.xml" in names:
        raise IngestError(filename, "not a spreadsheet: the file is a Word document",
                          "ingest.not_a_spreadsheet", kind="Word")
    raise IngestError(filename, "not a spreadsheet: a zip archive without a workbook inside",
                      "ingest.not_a_spreadsheet", kind="ZIP")


def _stream_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, filename: str) -> None:
    scan_xml = member.filename.lower().endswith((".xml", ".rels", ".vml"))
    is_worksheet = member.filename.startswith("xl/worksheets/")
    tail = b""
    far_row = far_col = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_SCAN_CHUNK):
                if scan_xml:
                    window = tail + chunk
                    if any(marker in window for marker in XML_DECLARATION_MARKERS):
                        raise IngestError(
                            filename,
                            f"refused: {member.filename} declares XML entities (possible XML bomb)",
                            "ingest.unsafe",
                        )
                    if is_worksheet:
                        far_row, far_col = _farthest_cell(window, far_row, far_col)
                    tail = chunk[-24:]
    except IngestError:
        raise
    except _BROKEN_MEMBER as e:
        problem = f"corrupt or truncated workbook ({member.filename}: {e})"
        raise IngestError(filename, problem, "ingest.corrupt") from None
    except RuntimeError as err:  # zipfile raises this for encrypted zip members
        raise IngestError(filename, f"password-protected zip ({err})", "ingest.locked") from None
    if far_row * far_col > MAX_SHEET_CELLS:
        raise IngestError(
            filename,
            f"refused: a sheet reaches row {far_row}, column {far_col} ({far_row * far_col:,} "
            "cells); delete the stray cells far from the table and save again",
            "ingest.far_cells", row=far_row, column=far_col,
        )


def _farthest_cell(xml: bytes, far_row: int, far_col: int) -> tuple[int, int]:
    """The largest row and column any `r="B12"` cell reference in this chunk reaches."""
    if not _MAYBE_FAR.search(xml) and not any(sep in xml for sep in _ODD_SEPARATORS):
        return far_row, far_col
    references = set(_CELL_REF.findall(xml))
    far_row = max([far_row, *(int(digits) for _, digits in references)])
    for letters in {letters for letters, _ in references}:
        col = 0
        for ch in letters:
            col = col * 26 + ch - 64
        far_col = max(far_col, col)
    return far_row, far_col
