"""An explanation as terminal text: formulas in Unicode, numbers, reasons; via rich."""

from __future__ import annotations

import textwrap

from chainrule.calculus.printing import inline_to_text, latex_to_text
from chainrule.explain.model import Explanation, Line
from chainrule.render.explain_latex import check_rows, equal_chain, equal_parts, rows, verdict


def line_text(line: Line) -> str:
    """``formula = formula = numbers = value`` in one line of Unicode."""
    text = equal_chain([latex_to_text(part) for part in equal_parts(line)])
    if line.shape:
        text += f"   [{latex_to_text(line.shape)}]"
    return text

def plain_lines(explanation: Explanation) -> list[str]:
    """The explanation as plain lines (no styling), the basis of the text output."""
    out = [inline_to_text(explanation.title), ""]
    for section in explanation.sections:
        out.append(f"## {section.title}")
        if section.text:
            out.append(inline_to_text(section.text))
        for line in section.lines:
            out.append("  " + line_text(line))
            if line.reason:
                out.append("      because " + inline_to_text(line.reason))
            for row in rows(line):
                note = f"   ({inline_to_text(row.note)})" if row.note else ""
                out.append("        " + "  " * row.depth + latex_to_text(row.math) + note)
        out.append("")
    if explanation.check is not None:
        out.extend(check_lines(explanation))
    return out

def check_lines(explanation: Explanation) -> list[str]:
    check = explanation.check
    assert check is not None
    quantity = latex_to_text(check.quantity)
    (_, chain), (_, backprop), (_, fd) = check_rows(explanation)
    return [
        "## The check",
        f"  chain product      {quantity} = {latex_to_text(chain)}",
        f"  backprop           {quantity} = {latex_to_text(backprop)}",
        f"  finite difference  {quantity} ≈ {latex_to_text(fd)}"
        f"   (central, h = {check.step:g}, {_entries(check.checked_entries)})",
        "  " + verdict(explanation),
    ]

def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"

def render_text(explanation: Explanation, width: int = 100) -> str:
    """Plain text: prose word-wrapped to ``width`` columns, a reason indented under its
    formula; formulas are never broken (a terminal wraps them if it must)."""
    out = []
    for text in plain_lines(explanation):
        stripped = text.lstrip(" ")
        indent = " " * (len(text) - len(stripped))
        if stripped.startswith("because "):
            out.append(textwrap.fill(stripped, width, initial_indent=indent,
                                     subsequent_indent=indent + " " * len("because "),
                                     break_on_hyphens=False))
        elif not indent and text:
            out.append(textwrap.fill(text, width, break_on_hyphens=False))
        else:
            out.append(text)
    return "\n".join(out).rstrip() + "\n"
