"""Prose with its formulas as parts (``chainrule.explain.model.prose``), printed by every
renderer: words as words, each formula by the format's own formula printer."""

from __future__ import annotations

import sympy

from chainrule.explain import formula_nodes as f
from chainrule.explain.model import Explanation, Line, Prose, Section, prose, significant_digits
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

RATE = f.Rate(f.name("E"), f.name("w_{53}"), partial=True)
SAID = prose("the loss depends on ", f.name("w_{53}"), " only through δ & ", RATE)


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
    line = Line((f.name("w_{53}"),), value=0.5, reason=prose("as given, ", RATE, " below"))
    section = Section(prose("Why ", f.name("w_{53}")), SAID, (line,))
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
    said = prose("the activation ", f.Equation((f.name("o_{5}"), f.Applied(
        f.name(r"\sigma"), f.name(r"\mathrm{net}_{5}")))))
    assert prose_text(said) == "the activation o₅ = σ(net₅)"
    assert prose_latex(said) == r"the activation $o_{5} = \sigma(\mathrm{net}_{5})$"
    html = prose_html(said)
    assert "<mi>σ</mi><mo>(</mo><msub>" in html and 'fence="true"' not in html
    assert LATEX(f.Applied(f.name("f"), f.name("x"))) == r"f\left(x\right)"  # a line's formula


def test_approximately_and_magnitude_in_each_format() -> None:
    near = f.Approx(f.Magnitude(f.name("s")), f.Number(0))
    with significant_digits(6):
        assert TEXT(near) == "|s| ≈ 0"
        assert LATEX(near) == r"|s| \approx 0"
        assert MATHML(near) == "<mo>|</mo><mi>s</mi><mo>|</mo><mo>≈</mo><mn>0</mn>"
