"""The Map page's interactive map: the SVG coverage map with a tooltip, clicks and keys.

Why not plotly here: in a new visitor's browser plotly.js (4.7 MB) took 3.4 s to load and paint
the map on this 2-core machine (issue 9's goal is 2.5 s). The SVG (`forumreach.svgmap`) paints
with the page; this component, a few lines of local script run by Streamlit's own
`st.components.v2` (no iframe, no request), adds what the plotly map gave: a tooltip on hover
or focus, a click (or Enter) on an area or city that selects it for the drill-down, and an
outline on the chosen one. Zooming in is the drill-down map of an oblast.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st

ROOT_CLASS = "fr-area-map"

_CSS = f"""
.{ROOT_CLASS} {{ position: relative; }}
.{ROOT_CLASS} svg {{ display: block; max-height: 75vh; }}
.{ROOT_CLASS} [data-soate] {{ cursor: pointer; outline: none; }}
.{ROOT_CLASS} path[data-soate].fr-hover, .{ROOT_CLASS} path[data-soate]:focus-visible {{
  stroke: #333; stroke-width: 2px; }}
.{ROOT_CLASS} [data-soate].fr-chosen {{ stroke: #111; stroke-width: 3px; }}
.{ROOT_CLASS} circle[data-soate]:focus-visible {{ stroke: #111; }}
.{ROOT_CLASS} .fr-tip {{
  position: absolute; z-index: 2; pointer-events: none; white-space: pre-line;
  background: rgba(255,255,255,0.96); border: 1px solid #bbb; border-radius: 4px;
  padding: 4px 8px; font-size: 0.85rem; line-height: 1.35; max-width: 22rem;
  box-shadow: 0 1px 4px rgba(0,0,0,0.15); color: #222; }}
.{ROOT_CLASS} .fr-tip::first-line {{ font-weight: 600; }}
"""

# Runs on every rerun with the new `data` ({svg, chosen}); listeners are bound once per root.
_JS = f"""
export default function (component) {{
  const {{ data, setTriggerValue, parentElement }} = component;
  let root = parentElement.querySelector('.{ROOT_CLASS}');
  if (!root) {{
    root = document.createElement('div');
    root.className = '{ROOT_CLASS}';
    parentElement.appendChild(root);
  }}
  if (root.dataset.svg !== data.svg_id) {{
    root.innerHTML = data.svg + '<div class="fr-tip" role="tooltip" hidden></div>';
    root.dataset.svg = data.svg_id;
    for (const shape of root.querySelectorAll('[data-soate]')) {{
      const title = shape.querySelector('title');
      const text = title ? title.textContent : '';
      if (title) title.remove();  // the tooltip below replaces the browser's slow one
      shape.dataset.hover = text;
      shape.setAttribute('tabindex', '0');
      shape.setAttribute('role', 'button');
      shape.setAttribute('aria-label', text.replace(/\\n/g, '; '));
    }}
  }}
  const tip = root.querySelector('.fr-tip');
  const show = (shape, x, y) => {{
    for (const other of root.querySelectorAll('.fr-hover')) other.classList.remove('fr-hover');
    shape.classList.add('fr-hover');
    tip.textContent = shape.dataset.hover;
    tip.hidden = false;
    const box = root.getBoundingClientRect();
    const left = Math.min(x - box.left + 14, box.width - tip.offsetWidth - 4);
    tip.style.left = Math.max(0, left) + 'px';
    tip.style.top = (y - box.top + 14) + 'px';
  }};
  const hide = () => {{
    tip.hidden = true;
    for (const other of root.querySelectorAll('.fr-hover')) other.classList.remove('fr-hover');
  }};
  const shapeOf = (event) => event.target.closest && event.target.closest('[data-soate]');
  if (!root.dataset.bound) {{
    root.dataset.bound = '1';
    root.addEventListener('pointermove', (event) => {{
      const shape = shapeOf(event);
      if (shape) show(shape, event.clientX, event.clientY); else hide();
    }});
    root.addEventListener('pointerleave', hide);
    root.addEventListener('focusin', (event) => {{
      const shape = shapeOf(event);
      if (!shape) return;
      const r = shape.getBoundingClientRect();
      show(shape, r.left + r.width / 2, r.top + r.height / 2);
    }});
    root.addEventListener('focusout', hide);
    root.addEventListener('click', (event) => {{
      const shape = shapeOf(event);
      if (shape) setTriggerValue('chosen', shape.dataset.soate);
    }});
    root.addEventListener('keydown', (event) => {{
      const shape = shapeOf(event);
      if (shape && (event.key === 'Enter' || event.key === ' ')) {{
        event.preventDefault();
        setTriggerValue('chosen', shape.dataset.soate);
      }}
    }});
  }}
  for (const shape of root.querySelectorAll('[data-soate]')) {{
    shape.classList.toggle('fr-chosen', shape.dataset.soate === data.chosen);
  }}
  root.dataset.ready = data.svg_id;  // what tests and the bench wait for
}}
"""

_component = st.components.v2.component(
    "forumreach.area_map", css=_CSS, js=_JS, isolate_styles=False)


def area_map(svg: str, *, key: str, chosen: str | None,
             on_choose: Callable[[str], None]) -> None:
    """Draw `svg` (areas and points with `data-soate`); a click or Enter on one calls
    `on_choose(soate)` before the page reruns, and `chosen` is outlined."""

    def chose() -> None:
        soate = (st.session_state.get(key) or {}).get("chosen")
        if soate:
            on_choose(str(soate))

    svg_id = hashlib.blake2b(svg.encode(), digest_size=8).hexdigest()
    _component(key=key, data={"svg": svg, "svg_id": svg_id, "chosen": chosen or ""},
               on_chosen_change=chose)
