"""Why a row was matched as it was: a code with parameters, readable in ky, ru and en.

The matcher records `code {"param": value}` in `match_reason`, so the review page can show the
reason in the user's language (`reason.<code>` in the catalogs) and the CLI can print it in
English. Texts stored before reasons were codes are shown as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

# Parameters whose values are themselves codes, translated through `reason.<param>.<value>`.
CODED_PARAMS = ("how", "source")
_CODE = re.compile(r"^([a-z_]+)(?: (\{.*\}))?$")


def encode(code: str, **params: object) -> str:
    """`fuzzy_in_rayon {"score": 93}`: short, stable and parseable."""
    if not params:
        return code
    return f"{code} {json.dumps(params, ensure_ascii=False, sort_keys=True)}"


def decode(reason: str) -> tuple[str, dict] | None:
    """(code, params), or None for free text written before reasons were codes."""
    found = _CODE.match(reason or "")
    if not found:
        return None
    try:
        params = json.loads(found.group(2)) if found.group(2) else {}
    except ValueError:
        return None
    return found.group(1), params


def render(reason: str, translate: Callable[..., str]) -> str:
    """The reason in the language of `translate` (an `i18n.Translator`), or the stored text."""
    decoded = decode(reason)
    if decoded is None:
        return reason or ""
    code, params = decoded
    shown = {k: translate(f"reason.{k}.{v}") if k in CODED_PARAMS else v
             for k, v in params.items()}
    if "score" in shown:
        shown["score"] = f"{float(shown['score']):.0f}"
    try:
        return translate(f"reason.{code}", **shown)
    except (KeyError, IndexError):
        return reason
