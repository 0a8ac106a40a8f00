"""``exercise(...)``: an exercise from a template, one variant per seed or student, with its
sheet, its answer key and the exercise file that grading reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chainrule.data._atomic import write_text_atomic
from chainrule.errors import ConfigError
from chainrule.teach.exercise_file import exercise_json
from chainrule.teach.sheet import key_blocks, sheet_blocks
from chainrule.teach.sheet_writers import FORMATS, SUFFIX, write
from chainrule.teach.template import Template
from chainrule.teach.variant import Variant, make_variant

MAX_VARIANTS = 1000


@dataclass(frozen=True)
class Exercise:
    """A template and its variants; :meth:`write` puts the sheet, the key and the exercise
    file in a folder."""

    template: Template
    variants: tuple[Variant, ...]

    def sheet(self, fmt: str = "markdown") -> str:
        """The exercise sheet, one page per variant, in latex, markdown or html."""
        return write(sheet_blocks(self.template, list(self.variants)), fmt, "Exercise")

    def key(self, fmt: str = "markdown") -> str:
        """The answer key with each answer's worked derivation, as ``explain`` writes it."""
        return write(key_blocks(self.template, list(self.variants)), fmt, "Answer key")

    def to_json(self) -> str:
        """The exercise file: the template and every variant with its true answers."""
        return exercise_json(self.template, list(self.variants))

    def answers_template(self) -> str:
        """An answers file to fill in: one row per variant and question, the answer empty
        (the student column holds the variant's id until the teacher writes a name)."""
        rows = ["student,variant,question,answer"]
        rows += [f"{_csv(v.id)},{_csv(v.id)},{q.id[1:]}," for v in self.variants
                 for q in v.questions]
        return "\n".join(rows) + "\n"

    def write(self, folder: str | Path, formats: Sequence[str] = FORMATS) -> list[Path]:
        """Write ``exercise.json``, ``answers.csv`` (to fill in) and ``sheet.*``/``key.*`` in
        each format; return the paths."""
        root = Path(folder)
        written = [write_text_atomic(root / "exercise.json", self.to_json()),
                   write_text_atomic(root / "answers.csv", self.answers_template())]
        for fmt in formats:
            written.append(write_text_atomic(root / f"sheet.{SUFFIX[fmt]}", self.sheet(fmt)))
            written.append(write_text_atomic(root / f"key.{SUFFIX[fmt]}", self.key(fmt)))
        return written


def exercise(layers: Sequence[int] | str = (2, 2, 1), *, activation: str = "sigmoid",
             output_activation: str | None = None, loss: str = "half_squared_error",
             bias: bool = True,
             notation: str = "lfd", ask: Sequence[str] | str = (), lr: float = 0.5,
             rtol: float = 0.01, atol: float = 0.001, decimals: int = 3, variants: int = 1,
             seed: int = 1, seeds: Sequence[str | int] | None = None) -> Exercise:
    """An exercise: ``variants`` variants drawn from the seeds ``seed, seed + 1, …``, or one
    per entry of ``seeds`` (a student's id is a seed: the same id, the same numbers).

    Parameters
    ----------
    layers : units per layer, input first: ``(2, 2, 1)`` or ``"2,2,1"``.
    activation, output_activation, loss, bias : the network, as ``chainrule explain`` builds it.
    notation : lfd, nielsen, mitchell, cs231n or seed003.
    ask : the questions, named as ``explain`` names quantities: ``"delta_1^(L)"``,
        ``"w_12^(2)"``, ``"layer 2"``, ``"update w_12^(2)"``; by default the output δ.
    lr : the learning rate of ``update`` questions.
    rtol, atol, decimals : the tolerance of numeric answers, and the decimals asked for.

    Returns
    -------
    Exercise : its variants have ids the seeds' texts.
    """
    if isinstance(layers, str):
        layers = _widths(layers)
    template = Template(tuple(layers), activation, output_activation, loss, bias, notation,
                        (ask,) if isinstance(ask, str) else tuple(ask), lr, rtol, atol, decimals)
    chosen = [str(s).strip() for s in seeds] if seeds is not None else [
        str(seed + k) for k in range(_count(variants))]
    if not chosen or len(chosen) > MAX_VARIANTS or len(set(chosen)) != len(chosen):
        raise ConfigError(f"expected 1 to {MAX_VARIANTS} distinct seeds (student ids); got "
                          f"{len(chosen)}" + (", some twice" if len(set(chosen)) != len(chosen)
                                              else ""))
    return Exercise(template, tuple(make_variant(template, s) for s in chosen))


def _csv(text: str) -> str:
    """A CSV field: quoted when it holds a comma, a quote or a line break."""
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _count(variants: int) -> int:
    if not 1 <= int(variants) <= MAX_VARIANTS:
        raise ConfigError(f"`variants` must be from 1 to {MAX_VARIANTS}; got {variants}")
    return int(variants)


def _widths(text: str) -> list[int]:
    try:
        return [int(w) for w in text.replace(" ", "").split(",")]
    except ValueError:
        raise ConfigError(f"`layers` must be whole numbers like 2,2,1; got {text!r}") from None
