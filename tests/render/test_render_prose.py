"""Prose around the formulas: LaTeX keeps every symbol in math mode, text shows no LaTeX."""

from __future__ import annotations

import re

import pytest

from chainrule.explain import example, explain

#: Commands pdfLaTeX accepts in text mode (the escapes the renderer writes included).
TEXT_COMMANDS = {"section", "subsection", "noindent", "emph", "dots", "&", "%", "#", "_", "{",
                 "}", "~", "^"}
QUANTITIES = {"lfd": ["delta_1^(L)", 1, 2, "w_01^(1)"], "nielsen": [2, 3, "delta_2^(L-1)"],
              "mitchell": [1, 2, "w_31", "delta_5"], "seed003": [1, 2, "w_12^(2)"],
              "cs231n": [1, 2, "(W_2)_11", "(dz_2)_1"]}


def outside_math(latex: str) -> str:
    text = re.sub(r"\\begin\{align\*\}.*?\\end\{align\*\}", " ", latex, flags=re.S)
    text = re.sub(r"\\\[.*?\\\]", " ", text, flags=re.S)
    return re.sub(r"\$[^$]*\$", " ", text)


@pytest.mark.parametrize("name", QUANTITIES)
def test_latex_prose_is_ascii_with_text_mode_commands_only(name):
    ex = example(name)
    for quantity in QUANTITIES[name]:
        explanation = explain(ex.net, ex.x, ex.y, quantity, ex.notation)
        prose = outside_math(explanation.to_latex())
        assert not {c for c in prose if ord(c) > 127}, (quantity, prose)
        commands = set(re.findall(r"\\([A-Za-z]+|.)", prose)) - TEXT_COMMANDS
        assert not commands, (quantity, commands)
        markdown = re.sub(r"\$\$.*?\$\$", "", explanation.to_markdown(), flags=re.S)
        assert r"\times" not in explanation.to_text()
        assert r"\times" not in re.sub(r"\$[^$]*\$", "", markdown)


def test_shape_of_a_weight_matrix_is_math():
    ex = example("lfd")
    explanation = explain(ex.net, ex.x, ex.y, 1, "lfd")
    assert "W⁽¹⁾ is 2 × 3" in explanation.to_text(width=400)
    assert r"$W^{(1)}$ is $2 \times 3$" in explanation.to_latex()


def test_mitchells_weight_update_is_written_in_math():
    ex = example("mitchell")
    latex = explain(ex.net, ex.x, ex.y, "w_31", "mitchell").to_latex()
    assert r"$\Delta w_{ji} = \eta \delta_{j} x_{ji}$" in latex
