"""An explanation as Markdown with ``$…$`` and ``$$…$$`` math (GitHub, Jupyter, MkDocs)."""

from __future__ import annotations

from chainrule.explain.model import Explanation
from chainrule.render.explain_items import LATEX
from chainrule.render.explain_latex import check_rows, formula, rows, verdict


def render_markdown(explanation: Explanation) -> str:
    """Markdown: headings, prose, display formulas and reasons."""
    out = [f"# {explanation.title}", ""]
    for section in explanation.sections:
        out += [f"## {section.title}", ""]
        if section.text:
            out += [section.text, ""]
        for line in section.lines:
            out += [f"$$ {formula(line)} $$", ""]
            if line.reason:
                out += [f"*because {line.reason}*", ""]
            steps = rows(line)
            for row in steps:
                note = f" *({row.note})*" if row.note else ""
                out.append(f"{'  ' * row.depth}- ${row.math}${note}")
            out += [""] if steps else []
    if explanation.check is not None:
        out += ["## The check", "", "| | value |", "|---|---|"]
        quantity = LATEX(explanation.check.quantity)
        for label, value in check_rows(explanation):
            out.append(f"| {label} | ${quantity} = {LATEX(value)}$ |")
        out += ["", verdict(explanation), ""]
    return "\n".join(out)
