"""Run the learners' corpus (``learner_formulas.toml``) through ``chainrule check``, as a user
would type each formula, and grade every answer against the item's true verdict.

A grade is ``right`` (the verdict agrees with the truth), ``refused`` (the formula could not be
read or used: exit 2, an honest answer that does not help), ``wrong`` (a correct formula judged
incorrect or only conditionally correct, or an incorrect one judged correct or probably correct:
the worst bug) or ``crash`` (exit 3 or an exception: a bug that reaches the user).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

DATA = Path(__file__).with_name("learner_formulas.toml")
VERDICT_OF_EXIT = {0: "correct", 4: "probably_correct", 2: "refused"}
SAYS_CORRECT = ("correct", "probably_correct")
SAYS_WRONG = ("incorrect", "conditional")


@dataclass(frozen=True)
class Outcome:
    """What ``chainrule check`` answered for one item, and its grade against the truth."""

    item: dict
    verdict: str
    grade: str
    output: str


def load(path: Path = DATA) -> list[dict]:
    """The corpus's items, in file order."""
    return tomllib.loads(path.read_text(encoding="utf-8"))["item"]


def arguments(item: dict) -> list[str]:
    """The command line a learner would type for ``item`` (the claim last, after ``--``)."""
    args = ["check"]
    if "example" in item:
        args += ["--example", item["example"]]
        for option in ("notation", "symbols"):
            if option in item:
                args += [f"--{option}", item[option]]
    else:
        args += ["--of", item["of"], "--wrt", item["wrt"]]
        for definition in item.get("where", []):
            args += ["--where", definition]
    for base in item.get("sum_to_one", []):
        args += ["--sum-to-one", base]
    return [*args, "--", item["claim"]]


def verdict_of(exit_code: int, output: str) -> str:
    """The verdict an answer states: its exit code, and for exit 1 its first word."""
    if exit_code in VERDICT_OF_EXIT:
        return VERDICT_OF_EXIT[exit_code]
    if exit_code == 1:
        return "conditional" if output.startswith("correct only if") else "incorrect"
    return "crash"


def grade(truth: str, verdict: str) -> str:
    """``right``, ``wrong``, ``refused`` or ``crash`` for a verdict on an item of this truth."""
    if verdict in ("refused", "crash"):
        return verdict
    said_correct = verdict in SAYS_CORRECT
    return "right" if said_correct == (truth == "correct") else "wrong"


def run(item: dict, runner: CliRunner | None = None) -> Outcome:
    """Check one item through the CLI and grade the answer."""
    from chainrule.cli import app

    result = (runner or CliRunner()).invoke(app, arguments(item))
    output = result.output
    verdict = verdict_of(result.exit_code, output)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        verdict, output = "crash", f"{output}{type(result.exception).__name__}: {result.exception}"
    return Outcome(item, verdict, grade(item["truth"], verdict), output)
