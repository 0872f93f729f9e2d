"""Texts Streamlit writes itself, shown in the user's language.

Streamlit (1.67) has no locale setting: a few of its own texts reach the screen in English
whatever the user's language. Where they are plain text in a stable element (a `data-testid`),
CSS sets Streamlit's text to size 0 and shows ours, from the catalogs, in its place
(`::after`). The style's own element is not displayed, so it adds no gap to the page.

`app_texts` covers what every page can show: the keyboard's "Skip to main content" link, the
"Press Enter to apply / submit form" hint under a text field (the sign-in form's first), and a
select box's "No results". `pages/_uploader.py` covers the file uploader.
"""

from __future__ import annotations

import streamlit as st

from forumreach.i18n import Translator

# Streamlit's own sizes for the texts replaced: ours take them over once theirs are 0.
SMALL, BODY, HINT = "0.875rem", "1rem", "0.75rem"
_INSTRUCTIONS = '[data-testid="InputInstructions"] > span:first-child'


def css_string(text: str) -> str:
    """`text` as a CSS string literal for `content:`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def in_place_of(replaced: dict[str, tuple[str, str]], scope: str = "") -> str:
    """CSS that shows, for each element selected, our text (at the given size) in place of
    Streamlit's: `{selector: (text, size)}`, each selector within `scope`."""
    prefix = f"{scope} " if scope else ""
    return "\n".join(
        f"{prefix}{where} {{ font-size: 0 !important; }}\n"
        f"{prefix}{where}::after {{ content: {css_string(text)}; font-size: {size}; }}"
        for where, (text, size) in replaced.items()
    )


def style(css: str) -> None:
    """Put `css` on the page without a visible element of its own."""
    hide_own = ".stElementContainer:has(style[data-fr-texts]) { display: none; }"
    st.markdown(f"<style data-fr-texts>\n{hide_own}\n{css}\n</style>", unsafe_allow_html=True)


def app_css(t: Translator) -> str:
    return in_place_of({
        '[data-testid="stSkipToContent"]': (t("streamlit.skip_to_content"), BODY),
        _INSTRUCTIONS: (t("streamlit.enter_to_apply"), HINT),
        f'[data-testid="stForm"] {_INSTRUCTIONS}': (t("streamlit.enter_to_submit"), HINT),
        '[role="listbox"][data-empty="true"] [role="option"] span':
            (t("streamlit.no_results"), SMALL),
    })


def app_texts(t: Translator) -> None:
    """Every page's Streamlit texts in the user's language (called on every run)."""
    style(app_css(t))
