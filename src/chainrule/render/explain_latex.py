r"""An explanation as LaTeX: a fragment of ``\section*``/``\[…\]`` blocks, or a document."""

from __future__ import annotations

import numpy as np

from chainrule.explain.formula_nodes import Entries, Number, Shape
from chainrule.explain.model import Explanation, Formula, Line
from chainrule.render.explain_items import LATEX
from chainrule.render.explain_prose import latex_words, prose_latex
from chainrule.render.repeats import references, without_derivation_note
from chainrule.render.step_rows import Row, derivation_rows, note_latex


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
        note = rf" \qquad \text{{({note_latex(row.note, latex_words)})}}" if row.note else ""
        indent = r"\quad " * (row.depth + 1)
        out.append(f"& {indent}{row.math}{note}")
    return "\\begin{align*}\n" + " \\\\\n".join(out) + "\n\\end{align*}"


def render_latex(explanation: Explanation, document: bool = False) -> str:
    """LaTeX source; ``document=True`` wraps it in a compilable article."""
    out = [rf"\section*{{{prose_latex(explanation.title)}}}"]
    referred = references(explanation)
    for s, section in enumerate(explanation.sections):
        out.append(rf"\subsection*{{{prose_latex(section.title)}}}")
        if section.text:
            out.append(prose_latex(section.text))
        for k, line in enumerate(section.lines):
            out.append(rf"\[ {formula(line)} \]")
            reference = referred.get((s, k))
            reason = without_derivation_note(line.reason) if reference else line.reason
            if reason:
                out.append(rf"\noindent\emph{{because {prose_latex(reason)}}}")
            if reference:
                out.append(rf"\noindent ({prose_latex(reference.prose)})")
            elif line.derivation is not None:
                out.append(steps_latex(rows(line)))
    if explanation.check is not None:
        out.append(r"\subsection*{The check}")
        quantity = LATEX(explanation.check.quantity)
        for label, value in check_rows(explanation):
            out.append(rf"\[ {quantity} = {LATEX(value)} \quad \text{{({label})}} \]")
        out.append(prose_latex(verdict(explanation)))
    body = "\n\n".join(out) + "\n"
    if not document:
        return body
    return ("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage[utf8]{inputenc}\n"
            "\\begin{document}\n" + body + "\\end{document}\n")
