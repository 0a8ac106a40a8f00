"""Rendering: derivation steps and expressions as terminal text, LaTeX and Markdown.

>>> from chainrule.calculus import derive
>>> from chainrule.render import render
>>> print(render(derive("tanh(s)"), "text"), end="")
d/ds [tanh(s)] = 1 − tanh²(s)   (tanh rule)
Result: d/ds [tanh(s)] = 1 − tanh²(s)
"""

from chainrule.calculus.printing import to_latex, to_markdown, to_text
from chainrule.render.derivation import FORMATS, derivation_lines, render, render_step

__all__ = [
    "FORMATS",
    "derivation_lines",
    "render",
    "render_step",
    "to_latex",
    "to_markdown",
    "to_text",
]
