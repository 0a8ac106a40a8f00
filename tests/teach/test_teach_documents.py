"""The sheet and the key: LaTeX that plain pdflatex compiles, Markdown, offline HTML (MathML).

The LaTeX is always checked by a structural reader written here (balanced braces, matched
environments and display math, only commands of LaTeX, amsmath and geometry); where pdflatex
is installed (the CI installs Debian's texlive-latex-base) it is compiled as well.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from chainrule.render.explain_items import LATEX
from chainrule.teach import exercise

#: Every command the documents may use: LaTeX's own, amsmath's, geometry's.
KNOWN = {"documentclass", "usepackage", "setlength", "parindent", "parskip", "title", "date",
         "begin", "end", "maketitle", "part", "section", "subsection", "clearpage", "item",
         "text", "frac", "partial", "mathrm", "mathbf", "left", "right", "delta", "theta",
         "sigma", "eta", "cdot", "quad", "qquad", "top", "sum", "hat", "odot", "times", "emph",
         "noindent", "dots", "approx", "to", "le", "neq", "Sigma", "Delta", "prime", "tanh",
         "max", "log", "exp"}


def _structure_problems(source: str) -> list[str]:
    """What a LaTeX reader would choke on; empty when the source is well formed."""
    problems = []
    body = re.sub(r"\\[\\{}&%#_$^ ,;!]", "", source)  # escaped characters and spacing
    depth = 0
    for char in body:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            problems.append("a } closes nothing")
            depth = 0
    if depth:
        problems.append(f"{depth} {{ left open")
    stack = []
    for kind, name in re.findall(r"\\(begin|end)\{(\w+\*?)\}", source):
        if kind == "begin":
            stack.append(name)
        elif not stack or stack.pop() != name:
            problems.append(f"\\end{{{name}}} does not match")
    problems += [f"\\begin{{{name}}} left open" for name in stack]
    if source.count(r"\[") != source.count(r"\]"):
        problems.append("display math \\[ … \\] unbalanced")
    unknown = set(re.findall(r"\\([A-Za-z]+)", source)) - KNOWN
    problems += [f"unknown command \\{name}" for name in sorted(unknown)]
    if any(ord(c) > 127 for c in source):
        problems.append("a character outside ASCII (pdflatex's utf8 covers few)")
    return problems


@pytest.fixture(scope="module")
def documents():
    made = {notation: exercise((2, 3, 2), notation=notation, ask=asks, variants=2, seed=3)
            for notation, asks in {
                "lfd": ["delta_1^(L)", "w_21^(2)", "layer 1", "update w_21^(2)"],
                "nielsen": ["delta_2^(2)", "layer 3"],
                "mitchell": ["delta_6", "w_64", "update w_64"],
                "cs231n": ["(dz_2)_1", "layer 1"],
                "seed003": ["delta_1^(2)", "w_12^(2)"]}.items()}  # fmt: skip
    made["relu"] = exercise((2, 3, 2), activation="relu", output_activation="sigmoid",
                            ask=["delta_1^(1)", "layer 1"], variants=2, seed=3)
    made["tanh"] = exercise((2, 2, 1), activation="tanh", loss="squared_error",
                            ask=["delta_1^(L)", "w_01^(1)"], variants=2, seed=3)
    made["derive"] = exercise((2, 2, 1), ask=["delta_1^(L)", "derive any",
                                              "derive: log(1+exp(x))*tanh(x) wrt x"],
                              variants=3, seed=3)  # fmt: skip
    made["derive only"] = exercise((2, 2, 1), ask=["derive sigmoid"], variants=2, seed=3)
    return made


def test_the_latex_is_well_formed(documents):
    for notation, made in documents.items():
        for source in (made.sheet("latex"), made.key("latex")):
            assert _structure_problems(source) == [], notation


def test_the_structural_reader_sees_problems():
    assert _structure_problems(r"\begin{document}{x\end{align*}\[") == [
        "1 { left open", "\\end{align*} does not match", "display math \\[ … \\] unbalanced"]
    assert _structure_problems(r"\foo{δ}") == ["unknown command \\foo",
                                               "a character outside ASCII (pdflatex's utf8 "
                                               "covers few)"]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed here "
                    "(the CI installs texlive-latex-base); the structure test still runs")
def test_pdflatex_compiles_the_sheet_and_the_key(documents, tmp_path):
    for notation, made in documents.items():
        for name, source in (("sheet", made.sheet("latex")), ("key", made.key("latex"))):
            path = tmp_path / f"{notation}-{name}.tex"
            path.write_text(source, encoding="utf-8")
            run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                                  path.name], cwd=tmp_path, capture_output=True, text=True,
                                 timeout=120)
            assert run.returncode == 0, run.stdout[-2000:]
            assert (tmp_path / f"{notation}-{name}.pdf").stat().st_size > 1000


def test_the_sheet_asks_and_the_key_answers(documents):
    made = documents["lfd"]
    sheet, key = made.sheet("markdown"), made.key("markdown")
    variant = made.variants[0]
    assert sheet.count("## Variant ") == 2 and "1. Compute $\\delta_{1}^{(L)}$." in sheet
    assert "(2 × 3)" in sheet  # LFD: W⁽¹⁾ has a row per input i, a column per unit j
    assert "$\\eta = 0.5$" in sheet
    w = variant.parameters[0][1, 0]  # W⁽¹⁾ from input 2 to unit 1: LFD's w₂₁⁽¹⁾
    assert f"w_{{21}}^{{(1)}} = {w:g}" in sheet
    for question in variant.questions:
        assert LATEX(question.name) in key  # the name tree, printed as LaTeX
    assert "δ" not in re.sub(r"\$[^$]*\$", "", sheet.split("Questions:")[1].split("---")[0])
    for value in (q.value for q in variant.questions if q.kind != "layer"):
        assert f"{value:.4f}"[:6] not in sheet  # the sheet never shows an answer


def test_the_html_is_offline_mathml(documents):
    for made in documents.values():
        for page in (made.sheet("html"), made.key("html")):
            assert page.startswith("<!DOCTYPE html>") and "<math" in page
            assert "<script" not in page and "http://" not in page.replace(
                'xmlns="http://www.w3.org/1998/Math/MathML"', "")
            assert "\\frac" not in page  # no raw LaTeX left for a script to typeset


def test_display_formulas_are_trees_and_the_update_is_explains_step(documents):
    """The sheets' display formulas are formula trees printed by the explanations' item
    printers (no LaTeX read back); the key's update step is w⁺ = w − η ∂e/∂w with the
    numbers of the variant."""
    from chainrule.render.explain_items import TEXT
    from chainrule.teach.sheet import key_blocks, sheet_blocks

    made = documents["lfd"]
    blocks = sheet_blocks(made.template, list(made.variants))
    blocks += key_blocks(made.template, list(made.variants))
    maths = [block.content for block in blocks if block.kind == "math"]
    assert maths and not any(isinstance(content, str) for content in maths)
    question = next(q for q in made.variants[0].questions if q.kind == "update")
    update = TEXT(next(m for m in maths if TEXT(m).startswith("(w₂₁⁽ᴸ⁾)⁺")))
    w, lr, new = question.weight, made.template.lr, float(question.value)
    gradient = (w - new) / lr  # the update undone: w⁺ = w − η g by hand
    assert update.startswith("(w₂₁⁽ᴸ⁾)⁺ = w₂₁⁽ᴸ⁾ − η · ∂e/∂w₂₁⁽ᴸ⁾ = ")
    assert update.endswith(f"{lr:g} · ({gradient:.6g}) = {new:.6g}".replace("-", "−"))
