"""The layer explanations' printed formulas in the index grammar of
:mod:`chainrule.check.index_read`: ``∂L/∂K₀,₀,₁,₀ = ∑ₙ,ᵢ,ⱼ δₙ,₀,ᵢ,ⱼx̃ₙ,₀,ₛᵢ₊₁,ₛⱼ₊₀`` is
``dK[0,0,1,0] = sum_{n,i,j} delta[n,0,i,j] xtilde[n,0,1*i+1,1*j+0]`` (stride s = 1).

A subscript run is an array's indices: split at its commas, or, without commas, one index a
character (``W₀₁`` is ``W[0,1]``, as the recurrent explanation writes it); a superscript in
brackets is the time step, the first index (``h₀⁽ᵗ⁻¹⁾`` is ``h[t-1,0]``); ``ₛ`` before a
letter is the convolution's stride; an LSTM's gate is a superscript letter on a weight
(``W₀₁ᶠ`` is ``Wf[0,1]``) and a subscript on δ (``δ_(f,1)⁽ᵗ⁾`` is ``deltaf[t,1]``). The text
is rewritten, never evaluated; the reading is echoed to the learner.
"""

from __future__ import annotations

import re

_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉ₙᵢⱼₖₜₒᵤᵥₚₘₕₗₓₐₑ₊₋", "0123456789nijktouvpmhlxae+-", strict=True))
_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹ᵗᵏˢⁱʲⁿ⁺⁻", "0123456789tksijn+-", strict=True))
_SUBS = "".join(_SUB) + "ₛ,"
_RUN = rf"[{''.join(_SUB)}ₛ][{_SUBS}]*"  # a subscript run starts with an index, not a comma
_GATE = dict(zip("ⁱᶠᵍᵒ", "ifgo", strict=True))  # an LSTM weight's gate, W₀₁ᶠ
_NAME = re.compile(rf"(∂L/∂)?(x̃|x̂|σ²|[A-Za-zδμγβ])({_RUN})?([{''.join(_GATE)}])?"
                   rf"(⁽[{''.join(_SUP)}]+⁾)?")
_GATE_DELTA = re.compile(rf"δ_\(([ifgo]),(\d+)\)(⁽[{''.join(_SUP)}]+⁾)")  # δ_(f,1)⁽ᵗ⁾
_SUM = re.compile(rf"∑({_RUN})")
_WORDS = {"δ": "delta", "x̃": "xtilde", "x̂": "xhat", "σ²": "var", "μ": "mu", "γ": "gamma",
          "β": "beta"}


def plain_claim(text: str, stride: int = 1) -> str:
    """``text`` with every printed index, sum and root in the plain grammar; plain text
    passes through unchanged."""
    text = _SUM.sub(lambda m: "sum_{" + ",".join(_indices(m.group(1), stride)) + "} ", text)
    text = _GATE_DELTA.sub(lambda m: f" delta{m.group(1)}[{_step(m.group(3))},{m.group(2)}] ",
                           text)
    text = _NAME.sub(lambda m: _name(m, stride), text)
    return text.replace("√", " sqrt").replace("−", "-")


def _name(match: re.Match, stride: int) -> str:
    partial, base, sub, gate, sup = match.groups()
    if sub is None and sup is None:
        return match.group()
    name = ("d" if partial else "") + _WORDS.get(base, base) + (_GATE[gate] if gate else "")
    indices = _indices(sub, stride) if sub else []
    if sup:
        indices.insert(0, _step(sup))
    return f" {name}[{','.join(indices)}] "


def _step(sup: str) -> str:
    """``⁽ᵗ⁻¹⁾`` as ``t-1``."""
    return "".join(_SUP[c] for c in sup[1:-1])


def _indices(run: str, stride: int) -> list[str]:
    """``ₙ,₀,ₛᵢ₊₁`` as ``["n", "0", "1*i+1"]``; ``₀₁`` as ``["0", "1"]``."""
    run = re.sub("ₛ(?=[ᵢⱼₖₜ])", f"{stride}*", run)
    parts = run.split(",") if "," in run else list(run)
    return ["".join(_SUB.get(c, c) for c in part) for part in parts]
