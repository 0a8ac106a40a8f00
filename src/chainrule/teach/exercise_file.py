"""The exercise file (JSON): the template and every variant, all that grading needs.

Each variant records its seed, network parameters, sample, and each question's quantity,
true value, name and formula. The name and formula are there for people to read, in LaTeX;
they are never read back: reading rebuilds them as trees from the template, the variant's
numbers and its questions, as ``explain`` (or ``derive``) writes them. Reading checks the
file's shape and that every parameter, sample and value is a finite number; grading then
recomputes each value with the engine and refuses a file whose values disagree (edited by
hand, or written by an incompatible version).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.data._atomic import write_text_atomic
from chainrule.errors import DataError
from chainrule.render.explain_items import LATEX
from chainrule.teach.template import Template
from chainrule.teach.variant import Question, Variant, with_formulas

FORMAT = "chainrule-exercise"
VERSION = 1
MAX_BYTES = 20_000_000


def exercise_json(template: Template, variants: list[Variant]) -> str:
    """The file's text: stable key order and number formatting, so a rerun is identical."""
    data = {"format": FORMAT, "version": VERSION, "template": template.to_dict(),
            "variants": [_variant(v) for v in variants]}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def write_exercise(path: str | Path, template: Template, variants: list[Variant]) -> Path:
    return write_text_atomic(path, exercise_json(template, variants))


def _variant(variant: Variant) -> dict[str, Any]:
    return {
        "id": variant.id, "seed": variant.seed,
        "parameters": [p.tolist() for p in variant.parameters],
        "x": variant.x.tolist(), "y": variant.y.tolist(),
        "questions": [{"id": q.id, "text": q.text, "kind": q.kind, "of": q.of,
                       "quantity": list(q.quantity), "name": LATEX(q.name), "value": q.value,
                       "formula": LATEX(q.formula), "weight": q.weight,
                       **({"function": q.function, "wrt": q.wrt} if q.kind == "derive" else {})}
                      for q in variant.questions],
    }  # fmt: skip


def read_exercise(path: str | Path) -> tuple[Template, list[Variant]]:
    """The template and the variants of an exercise file; a DataError says what is wrong."""
    source = Path(path)
    if not source.is_file():
        raise DataError(f"no exercise file at {source} (write one with `chainrule exercise`)")
    if source.stat().st_size > MAX_BYTES:
        raise DataError(f"{source} is larger than {MAX_BYTES:,} bytes: not an exercise file")
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(f"{source} is not an exercise file: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataError(f"{source} is not an exercise file written by `chainrule exercise`")
    if data.get("version") != VERSION:
        raise DataError(f"{source} has version {data.get('version')!r}; this chainrule reads "
                        f"version {VERSION}")
    try:
        template = Template.from_dict(data["template"])
        variants = [_read_variant(v) for v in data["variants"]]
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise DataError(f"{source}: a variant or the template is malformed ({error!r})") from None
    if not variants or len({v.id for v in variants}) != len(variants):
        raise DataError(f"{source}: expected variants with distinct ids")
    return template, [with_formulas(template, v) for v in variants]


def _finite(values: Any) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if not np.isfinite(array).all():
        raise ValueError("a value is not a finite number")
    return array


def _read_variant(data: dict[str, Any]) -> Variant:
    questions = tuple(_read_question(q) for q in data["questions"])
    return Variant(str(data["id"]), str(data["seed"]),
                   tuple(_finite(p) for p in data["parameters"]), _finite(data["x"]),
                   np.asarray(data["y"]), questions)


def _read_question(data: dict[str, Any]) -> Question:
    """A question as recorded; its name and formula (None here) are rebuilt as trees."""
    if data["kind"] == "derive":  # the derivative as text; grading derives it again
        return Question(str(data["id"]), str(data["text"]), "derive", (0, 0, 0), None,
                        str(data["value"]), None, function=str(data["function"]),
                        wrt=str(data["wrt"]))
    value = data["value"]
    value = float(_finite(value)) if np.ndim(value) == 0 else _finite(value).tolist()
    weight = data.get("weight")
    if weight is not None and not math.isfinite(float(weight)):
        raise ValueError("a weight is not a finite number")
    layer, i, j = (int(k) for k in data["quantity"])
    return Question(str(data["id"]), str(data["text"]), str(data["kind"]), (layer, i, j),
                    None, value, None, None if weight is None else float(weight),
                    str(data.get("of", "")))
