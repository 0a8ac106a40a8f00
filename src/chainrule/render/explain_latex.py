r"""An explanation as LaTeX: a fragment of ``\section*``/``\[…\]`` blocks, or a document."""

from __future__ import annotations

import re

import numpy as np

from chainrule.explain.formula_nodes import Entries, Number, Shape
from chainrule.explain.model import Explanation, Formula, Line
from chainrule.render.explain_items import LATEX
from chainrule.render.step_rows import Row, derivation_rows

#: Characters of the prose that pdfLaTeX needs spelled as math.
PROSE_MATH = {
    "δ": r"$\delta$", "∂": r"$\partial$", "θ": r"$\theta$", "σ": r"$\sigma$", "′": "$'$",
    "≈": r"$\approx$", "−": "$-$", "×": r"$\times$", "Σ": r"$\Sigma$", "→": r"$\to$",
    "½": r"$\frac12$", "ŷ": r"$\hat y$", "η": r"$\eta$", "≤": r"$\le$", "·": r"$\cdot$",
    "‖": r"$\|$", "²": "$^2$", "…": r"\dots{}", "—": "---", "–": "--", "≠": r"$\neq$",
    "Δ": r"$\Delta$",
}  # fmt: skip
_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
            "~": r"\~{}", "^": r"\^{}"}


def prose(text: str) -> str:
    """Prose with inline ``$…$`` math: the math kept, the rest escaped for LaTeX."""
    parts = re.split(r"(\$[^$]+\$)", text)
    out = []
    for part in parts:
        if part.startswith("$") and part.endswith("$") and len(part) > 1:
            out.append(part)
            continue
        escaped = "".join(_SPECIAL.get(c, c) for c in part)
        out.append("".join(PROSE_MATH.get(c, c) for c in escaped))
    return "".join(out)


def formula(line: Line) -> str:
    """The line's chain of equal formulas, numbers and value, as one LaTeX formula."""
    text = " = ".join(LATEX.parts(line))
    if line.shape:
        text += rf" \qquad \left[{LATEX(line.shape)}\right]"
    return text


def rows(line: Line) -> tuple[Row, ...]:
    """The steps of the derivation behind the line (none if it has none)."""
    return () if line.derivation is None else derivation_rows(line.derivation)


def check_rows(explanation: Explanation) -> list[tuple[str, Formula]]:
    """(label, value) rows of the closing check; a matrix shows its shape and its first
    checked entries, the same entries in every row so they can be compared."""
    check = explanation.check
    assert check is not None
    fd = np.asarray(check.finite_difference)
    checked = [] if fd.ndim == 0 else [i for i in np.ndindex(fd.shape) if np.isfinite(fd[i])]
    return [
        ("chain product", check_value(check.chain, checked)),
        ("backprop", check_value(check.backprop, checked)),
        (f"finite difference (central, h = {check.step:g}, {check.checked_entries} "
         "entries)", check_value(check.finite_difference, checked)),
    ]


SHOWN_ENTRIES = 3


def check_value(value: object, checked: list[tuple[int, ...]]) -> Formula:
    """A scalar as its number; a matrix as ``rows × cols`` and its first checked entries,
    indexed from 1 as the text writes them (``(1,2): 0.0123``)."""
    array = np.asarray(value)
    if array.ndim == 0:
        return Number(float(array))
    shown = tuple((i, float(array[i])) for i in checked[:SHOWN_ENTRIES])
    return Entries(Shape(*array.shape), shown, len(checked) > SHOWN_ENTRIES)


def verdict(explanation: Explanation) -> str:
    check = explanation.check
    assert check is not None
    word = "agree" if check.passed else "DISAGREE"
    largest = "" if np.ndim(check.chain) == 0 else "max "
    text = (f"{largest}|chain − backprop| = {check.chain_vs_backprop:.3g}, {largest}|backprop "
            f"− finite difference| = {check.backprop_vs_finite_difference:.3g}: the three "
            f"{word}.")
    if check.kink:
        text += (" A signal sits at a kink (a ReLU at 0, or a tie for a maximum), where the "
                 "derivative is taken as the convention says; finite differences there "
                 "average the two one-sided slopes, so only chain = backprop is required.")
    return text


def steps_latex(steps: tuple[Row, ...]) -> str:
    """The derivation's rows as an ``align*`` block, indented by depth, rules in brackets."""
    out = []
    for row in steps:
        note = rf" \qquad \text{{({prose(row.note)})}}" if row.note else ""
        indent = r"\quad " * (row.depth + 1)
        out.append(f"& {indent}{row.math}{note}")
    return "\\begin{align*}\n" + " \\\\\n".join(out) + "\n\\end{align*}"


def render_latex(explanation: Explanation, document: bool = False) -> str:
    """LaTeX source; ``document=True`` wraps it in a compilable article."""
    out = [rf"\section*{{{prose(explanation.title)}}}"]
    for section in explanation.sections:
        out.append(rf"\subsection*{{{prose(section.title)}}}")
        if section.text:
            out.append(prose(section.text))
        for line in section.lines:
            out.append(rf"\[ {formula(line)} \]")
            if line.reason:
                out.append(rf"\noindent\emph{{because {prose(line.reason)}}}")
            if line.derivation is not None:
                out.append(steps_latex(rows(line)))
    if explanation.check is not None:
        out.append(r"\subsection*{The check}")
        quantity = LATEX(explanation.check.quantity)
        for label, value in check_rows(explanation):
            out.append(rf"\[ {quantity} = {LATEX(value)} \quad \text{{({label})}} \]")
        out.append(prose(verdict(explanation)))
    body = "\n\n".join(out) + "\n"
    if not document:
        return body
    return ("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage[utf8]{inputenc}\n"
            "\\begin{document}\n" + body + "\\end{document}\n")
