"""A file uploader that reads in the user's language and states forumreach's own size limit.

Streamlit (1.67) writes its uploader's texts in English and has no locale setting: the "Upload"
button, "100MB per file • XLSX, ..." (the server's `maxUploadSize`, not our limit), "Drag and
drop a file here" while a file is dragged over it, and the reason a file it refused in the
browser (over `maxUploadSize`, or not one of `types`) was refused, which it shows only as a
tooltip. `file_uploader` keeps the widget and, with CSS scoped to its key (`.st-key-<key>`, see
`pages/_streamlit_texts.py`), shows ours in place of Streamlit's texts: the limit the page
enforces (`forumreach.sheet_safety.MAX_BYTES`) and, next to a refused file, why it was refused.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from forumreach.i18n import Translator
from forumreach.sheet_safety import MAX_BYTES
from pages._streamlit_texts import SMALL, css_string, in_place_of, style

_DROPZONE = '[data-testid="stFileUploaderDropzone"]'
# The uploader's file list once it holds a file the browser refused.
_REFUSED = '[data-testid="stFileChips"]:has([data-testid="stFileChip"][aria-invalid="true"])'
# Streamlit's colour for an upload error (its theme's red on the default light theme).
_ERROR_COLOUR = "rgb(197, 57, 72)"


def texts_css(key: str, types: list[str], t: Translator) -> str:
    """The style that puts our texts in place of Streamlit's on the uploader keyed `key`."""
    scope = f".st-key-{key}"
    kinds = ", ".join(kind.upper() for kind in types)
    limit = MAX_BYTES // 2**20
    refused = css_string(t("uploader.refused", limit=limit, types=kinds))
    return in_place_of({
        f'{_DROPZONE} button [data-testid="stMarkdownContainer"] p': (t("uploader.browse"), SMALL),
        '[data-testid="stFileUploaderDropzoneInstructions"] span':
            (t("uploader.limit", limit=limit, types=kinds), SMALL),
        f"{_DROPZONE} > div > span": (t("uploader.drop_here"), SMALL),  # while a file is dragged
    }, scope) + (
        f"\n{scope} {_REFUSED}::after {{ content: {refused}; font-size: {SMALL}; "
        f"color: {_ERROR_COLOUR}; "
        "align-self: center; }"
    )


def file_uploader(label: str, types: list[str], key: str, t: Translator) -> UploadedFile | None:
    """`st.file_uploader` for one file of `types`, its texts in the user's language."""
    style(texts_css(key, types, t))
    return st.file_uploader(label, type=types, key=key)
