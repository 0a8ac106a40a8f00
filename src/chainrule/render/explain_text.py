"""An explanation as terminal text: formulas in Unicode, numbers, reasons; via rich."""

from __future__ import annotations

import textwrap

from chainrule.errors import one_of
from chainrule.explain.model import Explanation, Line
from chainrule.render.explain_items import TEXT
from chainrule.render.explain_latex import check_rows, verdict
from chainrule.render.explain_prose import prose_text
from chainrule.render.repeats import references, without_derivation_note
from chainrule.render.step_rows import text_rows


def line_text(line: Line) -> str:
    """``formula = formula = numbers = value`` in one line of Unicode."""
    text = " = ".join(TEXT.parts(line))
    if line.shape:
        text += f"   [{TEXT(line.shape)}]"
    return text


#: ``short``: each step with its numbers and reason; ``full``: also each factor's derivation.
STEPS = ("short", "full")
#: How the line that refers to a derivation written earlier starts (wrapped as prose).
_REFERENCE = "(the same derivation as "


def plain_lines(explanation: Explanation, steps: str = "full") -> list[str]:
    """The explanation as plain lines (no styling), the basis of the text output. A
    derivation met a second time, or met again for another unit, is referred to, not
    repeated (:mod:`chainrule.render.repeats`)."""
    if steps not in STEPS:
        raise one_of("steps", steps, STEPS)
    out = [prose_text(explanation.title), ""]
    referred = references(explanation) if steps == "full" else {}
    for s, section in enumerate(explanation.sections):
        out.append(f"## {prose_text(section.title)}")
        if section.text:
            out.append(prose_text(section.text))
        for k, line in enumerate(section.lines):
            out.append("  " + line_text(line))
            reference = referred.get((s, k))
            reason = line.reason
            if steps == "short" or reference:
                reason = without_derivation_note(reason)
            if reason:
                out.append("      because " + prose_text(reason))
            if reference:
                out.append(f"        ({prose_text(reference.prose)})")
                continue
            found = text_rows(line.derivation) if steps == "full" and line.derivation else ()
            for row in found:
                note = f"   ({row.note})" if row.note else ""
                out.append("        " + "  " * row.depth + row.math + note)
        out.append("")
    if explanation.check is not None:
        out.extend(check_lines(explanation))
    return out


def check_lines(explanation: Explanation) -> list[str]:
    check = explanation.check
    assert check is not None
    quantity = TEXT(check.quantity)
    (_, chain), (_, backprop), (_, fd) = check_rows(explanation)
    return [
        "## The check",
        f"  chain product      {quantity} = {TEXT(chain)}",
        f"  backprop           {quantity} = {TEXT(backprop)}",
        f"  finite difference  {quantity} ≈ {TEXT(fd)}"
        f"   (central, h = {check.step:g}, {_entries(check.checked_entries)})",
        "  " + verdict(explanation),
    ]


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def render_text(explanation: Explanation, width: int = 100, steps: str = "full") -> str:
    """Plain text: prose word-wrapped to ``width`` columns, a reason indented under its
    formula, a long formula broken before its ``=`` signs; ``steps`` as in
    :func:`plain_lines`."""
    out = []
    for text in plain_lines(explanation, steps):
        stripped = text.lstrip(" ")
        indent = " " * (len(text) - len(stripped))
        if stripped.startswith(("because ", _REFERENCE)):
            hang = len("because ") if stripped.startswith("because ") else 1
            out.append(textwrap.fill(stripped, width, initial_indent=indent,
                                     subsequent_indent=indent + " " * hang,
                                     break_on_hyphens=False))
        elif not indent and text:
            out.append(textwrap.fill(text, width, break_on_hyphens=False))
        else:
            out.extend(wrap_formula(text, width))
    return "\n".join(out).rstrip() + "\n"


def wrap_formula(text: str, width: int) -> list[str]:
    """A chain ``a = b = c`` longer than ``width``, broken before its ``=`` signs (not those
    inside brackets), each continuation indented under the first; a rule's note in
    parentheses that still does not fit goes on a line of its own."""
    if len(text) <= width:
        return [text]
    lead = len(text) - len(text.lstrip(" "))
    body, note = text[lead:], ""
    if "   (" in body:
        body, note = body.split("   (", 1)
        note = "(" + note
    prefix = "= " if body.startswith("= ") else ""
    first, *rest = _top_level_parts(body[len(prefix):])
    indent = " " * (lead + 4)
    lines = [" " * lead + prefix + first]
    for part in rest:
        if len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " = " + part
        else:
            lines.append(f"{indent}= {part}")
    if note and len(lines[-1]) + 3 + len(note) <= width:
        lines[-1] += "   " + note
    elif note:
        lines.extend(textwrap.wrap(note, width, initial_indent=indent,
                                   subsequent_indent=indent + " ", break_on_hyphens=False))
    return lines


def _top_level_parts(text: str) -> list[str]:
    """``text`` split at the `` = `` signs outside brackets (a note's own ``=`` stays)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        depth += (char in "([{") - (char in ")]}")
        if depth == 0 and text.startswith(" = ", i):
            parts.append(text[start:i])
            start = i = i + 3
            continue
        i += 1
    return [*parts, text[start:]]
