"""A file uploader that reads in the user's language and states forumreach's own size limit.

Streamlit (1.67) writes its uploader's texts in English and has no locale setting: the "Upload"
button, "100MB per file • XLSX, ..." (the server's `maxUploadSize`, not our limit), "Drag and
drop a file here" while a file is dragged over it, and the reason a file it refused in the
browser (over `maxUploadSize`, or not one of `types`) was refused, which it shows only as a
tooltip. `file_uploader` keeps the widget and, with CSS scoped to its key (`.st-key-<key>`),
sets Streamlit's texts to size 0 and shows ours in their place: the limit the page enforces
(`forumreach.sheet_safety.MAX_BYTES`) and, next to a refused file, why it was refused, visibly.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from forumreach.i18n import Translator
from forumreach.sheet_safety import MAX_BYTES

# Streamlit's own size for these texts (0.875rem); ours take it over once theirs is 0.
_TEXT_SIZE = "0.875rem"
_DROPZONE = '[data-testid="stFileUploaderDropzone"]'


def _css_string(text: str) -> str:
    """`text` as a CSS string literal for `content:`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def texts_css(key: str, types: list[str], t: Translator) -> str:
    """The style that puts our texts in place of Streamlit's on the uploader keyed `key`."""
    scope = f".st-key-{key}"
    kinds = ", ".join(kind.upper() for kind in types)
    limit = MAX_BYTES // 2**20
    replaced = {  # Streamlit's text element -> ours
        f'{_DROPZONE} button [data-testid="stMarkdownContainer"] p': t("uploader.browse"),
        '[data-testid="stFileUploaderDropzoneInstructions"] span':
            t("uploader.limit", limit=limit, types=kinds),
        f"{_DROPZONE} > div > span": t("uploader.drop_here"),  # only while a file is dragged
    }
    rules = [
        f"{scope} {where} {{ font-size: 0; }}\n"
        f"{scope} {where}::after {{ content: {_css_string(text)}; font-size: {_TEXT_SIZE}; }}"
        for where, text in replaced.items()
    ]
    rules.append(
        f'{scope} [data-testid="stFileChips"]:has([data-testid="stFileChip"][aria-invalid="true"])'
        f"::after {{ content: {_css_string(t('uploader.refused', limit=limit, types=kinds))}; "
        f"font-size: {_TEXT_SIZE}; color: rgb(197, 57, 72); align-self: center; }}"
    )
    return "\n".join(rules)


def file_uploader(label: str, types: list[str], key: str, t: Translator) -> UploadedFile | None:
    """`st.file_uploader` for one file of `types`, its texts in the user's language."""
    # The style's own element is not displayed, so it adds no gap above the uploader.
    hide_own = '.stElementContainer:has(style[data-fr-uploader]) { display: none; }'
    st.markdown(f"<style data-fr-uploader>\n{hide_own}\n{texts_css(key, types, t)}\n</style>",
                unsafe_allow_html=True)
    return st.file_uploader(label, type=types, key=key)
