"""HTML pages from Jinja2 templates, their style sheets and scripts as files of the package.

Each package that writes pages keeps its templates in ``templates/`` and the CSS and JS it
inlines in ``static/``: a page is one file that opens offline, so nothing is linked, every
asset is written into the page (``{{ inline("viz/report.js") }}``). Autoescaping is on: a
value reaches the page escaped unless it is :class:`markupsafe.Markup`, which is how the
MathML and the SVG built by the renderers are marked as already HTML.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = ["Markup", "environment", "inline", "render_page"]


@functools.cache
def inline(asset: str) -> Markup:
    """The text of a static file, ``"<package>/<name>"`` (``"viz/report.css"``), to write
    into a page as it is (it is the package's own file, never a user's)."""
    package, _, name = asset.partition("/")
    text = (resources.files(f"chainrule.{package}") / "static" / name).read_text("utf-8")
    return Markup(text)


@functools.cache
def environment(package: str) -> jinja2.Environment:
    """The templates of ``chainrule.<package>``, autoescaping, ``inline`` at hand."""
    pages = jinja2.Environment(
        loader=jinja2.PackageLoader(f"chainrule.{package}", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True)
    pages.globals["inline"] = inline
    return pages


def render_page(package: str, template: str, **context: Any) -> str:
    """``template`` of ``chainrule.<package>`` filled with ``context`` (escaped unless Markup)."""
    return environment(package).get_template(template).render(**context)
