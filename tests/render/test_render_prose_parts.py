"""Prose with its formulas as parts (``chainrule.explain.model.prose``), printed by every
renderer: words as words, each formula by the format's own formula printer."""

from __future__ import annotations

import pytest
import sympy

from chainrule.explain import example, explain
from chainrule.explain import formula_nodes as f
from chainrule.explain.model import Explanation, Line, Prose, Section, prose, significant_digits
from chainrule.explain.quantity import Quantity
from chainrule.render.explain_items import LATEX, TEXT
from chainrule.render.explain_mathml import MATHML
from chainrule.render.explain_prose import (
    prose_html,
    prose_latex,
    prose_markdown,
    prose_text,
    prose_words,
)
from chainrule.render.repeats import without_derivation_note

RATE = f.Rate(f.symbol("E"), f.symbol("w", "53"), partial=True)
SAID = prose("the loss depends on ", f.symbol("w", "53"), " only through δ & ", RATE)


def test_prose_joins_words_and_splices_prose() -> None:
    x = sympy.Symbol("x")
    said = prose("a", "", "b ", x) + " c" + prose(" d")
    assert said.parts == ("ab ", x, " c d")
    assert ("e " + said).parts == ("e ab ", x, " c d")
    assert not prose("", prose()) and prose(x)


def test_each_format_prints_the_formulas_with_its_own_printer() -> None:
    assert prose_text(SAID) == "the loss depends on w₅₃ only through δ & ∂E/∂w₅₃"
    assert prose_latex(SAID) == (r"the loss depends on $w_{53}$ only through $\delta$ \& "
                                 r"$\frac{\partial E}{\partial w_{53}}$")
    assert prose_markdown(SAID) == (r"the loss depends on $w_{53}$ only through δ & "
                                    r"$\frac{\partial E}{\partial w_{53}}$")
    html = prose_html(SAID)
    assert html.startswith("the loss depends on <math ")
    assert 'display="inline"' in html and "only through δ &amp; <math" in html
    assert "<mi>w</mi><mrow><mn>53</mn></mrow>" in html and "<mfrac>" in html
    assert prose_words(SAID) == "the loss depends on  only through δ & "


def test_plain_words_stay_accepted_as_prose() -> None:
    assert prose_text("one sample (N = 1)") == "one sample (N = 1)"
    assert prose_latex("50% of x_0") == r"50\% of x\_0"
    assert prose_html("a < b") == "a &lt; b"


def test_the_derivation_note_is_taken_from_the_words() -> None:
    reason = prose("the chain rule through ", RATE, "; derived below")
    assert without_derivation_note(reason) == prose("the chain rule through ", RATE)
    assert without_derivation_note("sums; derived step by step below") == "sums"


def test_every_renderer_prints_prose_parts() -> None:
    line = Line((f.symbol("w", "53"),), value=0.5, reason=prose("as given, ", RATE, " below"))
    section = Section(prose("Why ", f.symbol("w", "53")), SAID, (line,))
    explanation = Explanation(prose(RATE, " — Mitchell"), "mitchell", "E",
                              (section,))
    text = explanation.to_text()
    assert text.startswith("∂E/∂w₅₃ — Mitchell\n\n## Why w₅₃\nthe loss depends on w₅₃")
    assert "because as given, ∂E/∂w₅₃ below" in text
    latex = explanation.to_latex()
    assert r"\section*{$\frac{\partial E}{\partial w_{53}}$ --- Mitchell}" in latex
    assert r"\emph{because as given, $\frac{\partial E}{\partial w_{53}}$ below}" in latex
    markdown = explanation.to_markdown()
    assert markdown.startswith(r"# $\frac{\partial E}{\partial w_{53}}$ — Mitchell")
    assert "## Why $w_{53}$" in markdown
    page = explanation.to_html()
    assert "<title>chainrule: Mitchell</title>" in page
    assert "$" not in page and "because as given, <math" in page
    assert isinstance(explanation.title, Prose)


def test_a_formula_in_prose_keeps_parentheses_of_the_texts_size() -> None:
    said = prose("the activation ", f.Equation((f.symbol("o", "5"), f.Applied(
        f.symbol("σ"), f.symbol("net", "5", upright=True)))))
    assert prose_text(said) == "the activation o₅ = σ(net₅)"
    assert prose_latex(said) == r"the activation $o_{5} = \sigma(\mathrm{net}_{5})$"
    html = prose_html(said)
    assert "<mi>σ</mi><mo>(</mo><msub>" in html and 'fence="true"' not in html
    assert LATEX(f.Applied(f.symbol("f"), f.symbol("x"))) == r"f\left(x\right)"  # a line's formula


def test_approximately_magnitude_and_prime_in_each_format() -> None:
    near = f.Approx(f.Magnitude(f.symbol("s")), f.Number(0))
    with significant_digits(6):
        assert TEXT(near) == "|s| ≈ 0"
        assert LATEX(near) == r"|s| \approx 0"
        assert MATHML(near) == "<mo>|</mo><mi>s</mi><mo>|</mo><mo>≈</mo><mn>0</mn>"
    prime = f.Primed(f.symbol("σ"))
    assert (TEXT(prime), LATEX(prime)) == ("σ′", r"\sigma^{\prime}")
    assert MATHML(prime) == "<msup><mi>σ</mi><mrow><mo>′</mo></mrow></msup>"


def prose_values(explanation: Explanation) -> list[object]:
    """Every piece of prose an explanation holds: title, section titles and texts, reasons."""
    return [explanation.title,
            *(said for section in explanation.sections for said in (section.title, section.text)),
            *(line.reason for line in explanation.lines())]


@pytest.mark.parametrize("preset", ["lfd", "nielsen", "mitchell", "cs231n", "jhz"])
@pytest.mark.parametrize("notation", ["lfd", "mitchell", "cs231n", "ng"])
def test_dense_explanations_hold_no_latex_in_their_prose(preset: str, notation: str) -> None:
    """A dense network's explanation (a layer, a weight with its update, a bias, a δ, with
    the weights and every δ) writes its prose as words and formula parts: no ``$…$`` LaTeX
    for the renderers to read back."""
    ex = example(preset)
    last = len(ex.net.dense_layers)
    checked = 0
    biased = ex.net.dense_layers[-1].b is not None
    for quantity in (Quantity("layer", 1), Quantity("weight", last),
                     *([Quantity("bias", last)] if biased else []), Quantity("delta", last),
                     Quantity("weight", 1, 1, 0), Quantity("delta", 1)):
        update = 0.1 if quantity.kind in ("weight", "bias") else None
        explanation = explain(ex.net, ex.x, ex.y, quantity, notation, weights=True,
                              deltas=True, update=update)
        said = prose_values(explanation)
        words = [s for s in said if isinstance(s, str)] + [
            part for s in said if isinstance(s, Prose) for part in s.parts
            if isinstance(part, str)]
        assert [w for w in words if "$" in w] == []
        assert isinstance(explanation.title, Prose)
        checked += 1
    assert checked >= 5


def test_a_dollar_or_backslash_in_words_is_a_character_not_math():
    """A plain string is words only (a student's id on a sheet may hold any character):
    LaTeX escapes ``$`` and ``\\``, the other formats show them as they are."""
    said = r"id $5\x"
    assert prose_text(said) == r"id $5\x"
    assert prose_latex(said) == r"id \$5\textbackslash{}x"
    assert str(prose_html(said)) == r"id $5\x"
