"""An explanation as Markdown with ``$…$`` and ``$$…$$`` math (GitHub, Jupyter, MkDocs)."""

from __future__ import annotations

from chainrule.explain.model import Explanation
from chainrule.render.explain_items import LATEX
from chainrule.render.explain_latex import check_rows, formula, rows, verdict
from chainrule.render.explain_prose import prose_markdown
from chainrule.render.repeats import references, without_derivation_note
from chainrule.render.step_rows import note_latex


def render_markdown(explanation: Explanation) -> str:
    """Markdown: headings, prose, display formulas and reasons."""
    out = [f"# {prose_markdown(explanation.title)}", ""]
    referred = references(explanation)
    for s, section in enumerate(explanation.sections):
        out += [f"## {prose_markdown(section.title)}", ""]
        if section.text:
            out += [prose_markdown(section.text), ""]
        for k, line in enumerate(section.lines):
            out += [f"$$ {formula(line)} $$", ""]
            reference = referred.get((s, k))
            reason = without_derivation_note(line.reason) if reference else line.reason
            if reason:
                out += [f"*because {prose_markdown(reason)}*", ""]
            if reference:
                out += [f"*({prose_markdown(reference.prose)})*", ""]
                continue
            steps = rows(line)
            for row in steps:
                note = f" *({note_latex(row.note, str)})*" if row.note else ""
                out.append(f"{'  ' * row.depth}- ${row.math}${note}")
            out += [""] if steps else []
    if explanation.check is not None:
        out += ["## The check", "", "| | value |", "|---|---|"]
        quantity = LATEX(explanation.check.quantity)
        for label, value in check_rows(explanation):
            out.append(f"| {label} | ${quantity} = {LATEX(value)}$ |")
        out += ["", verdict(explanation), ""]
    return "\n".join(out)
