"""The sheet and the key as LaTeX (plain ``pdflatex``), Markdown and HTML (MathML, offline).

Explanations are written by explain's own renderers, so the key's derivations are the ones
``chainrule explain`` prints; a formula's derivation by ``chainrule derive``'s.
"""

from __future__ import annotations

from chainrule.calculus.printing.mathml import math_element
from chainrule.errors import one_of
from chainrule.render.derivation_html import derivation_html
from chainrule.render.explain_html import article_html
from chainrule.render.explain_items import LATEX
from chainrule.render.explain_latex import render_latex
from chainrule.render.explain_markdown import render_markdown
from chainrule.render.explain_mathml import MATHML
from chainrule.render.explain_prose import prose_html, prose_latex, prose_markdown
from chainrule.render.pages import Markup, render_page
from chainrule.teach.sheet import Block

FORMATS = ("latex", "markdown", "html")
SUFFIX = {"latex": "tex", "markdown": "md", "html": "html"}

_PREAMBLE = ("\\documentclass[11pt]{article}\n\\usepackage[utf8]{inputenc}\n"
             "\\usepackage{amsmath}\n\\usepackage[margin=2cm]{geometry}\n"
             "\\setlength{\\parindent}{0pt}\n\\setlength{\\parskip}{0.5em}\n")


def write(blocks: list[Block], fmt: str, title: str) -> str:
    """The whole document in ``fmt``: latex, markdown or html."""
    if fmt not in FORMATS:
        raise one_of("format", fmt, FORMATS)
    return {"latex": _latex, "markdown": _markdown, "html": _html}[fmt](blocks, title)


def _latex(blocks: list[Block], title: str) -> str:
    out = [_PREAMBLE, f"\\title{{{prose_latex(title)}}}\n\\date{{}}\n"
           "\\begin{document}\n\\maketitle"]
    for block in blocks:
        kind, content = block.kind, block.content
        if kind == "heading":
            out.append(f"\\part*{{{prose_latex(content)}}}")
        elif kind == "text":
            out.append(prose_latex(content))
        elif kind == "math":
            out.append(f"\\[ {LATEX(content)} \\]")
        elif kind == "items":
            items = "\n".join(f"  \\item {prose_latex(item)}" for item in content)
            out.append(f"\\begin{{enumerate}}\n{items}\n\\end{{enumerate}}")
        elif kind == "break":
            out.append("\\clearpage")
        elif kind == "derivation":
            out.append(content.to_latex())
        else:
            out.append(render_latex(content))
    out.append("\\end{document}\n")
    return "\n\n".join(out)


def _markdown(blocks: list[Block], title: str) -> str:
    out = [f"# {prose_markdown(title)}"]
    for block in blocks:
        kind, content = block.kind, block.content
        if kind == "heading":
            out.append(f"## {prose_markdown(content)}")
        elif kind == "text":
            out.append(prose_markdown(content))
        elif kind == "math":
            out.append(f"$$ {LATEX(content)} $$")
        elif kind == "items":
            out.append("\n".join(f"{n}. {prose_markdown(item)}"
                                 for n, item in enumerate(content, start=1)))
        elif kind == "break":
            out.append("---")
        elif kind == "derivation":
            out.append(content.to_markdown())
        else:  # one level down, under the question's heading
            out.append(render_markdown(content).replace("\n#", "\n###").replace("# ", "### ", 1))
    return "\n\n".join(out) + "\n"


def _html(blocks: list[Block], title: str) -> str:
    """The page ``templates/sheet.html``; prose and math already HTML (MathML) here."""
    shown = []
    for block in blocks:
        kind, content = block.kind, block.content
        if kind in ("heading", "text"):  # a student's id in a heading: words, never math
            content = prose_html(content)
        elif kind == "math":
            content = Markup(math_element(MATHML(content)))
        elif kind == "items":
            content = [prose_html(item) for item in content]
        elif kind == "explanation":  # the page's style sheet holds the explanations' style
            content = article_html(content, steps="text")
        elif kind == "derivation":
            content = Markup(derivation_html(content))
        shown.append({"kind": kind, "content": content})
    return render_page("teach", "sheet.html", title=title, blocks=shown)
