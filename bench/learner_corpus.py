"""How many real learners' formulas get a right answer: the corpus of
tests/corpus/learner_formulas.toml through ``chainrule check``, typed as the learners wrote them.

Prints the answered rate (right verdicts / all items), then every wrong verdict, crash and
refusal with its command line and the checker's first line. The acceptance rule is no wrong
verdict at all, and a rate of at least 9 in 10.

Run: ``python bench/learner_corpus.py`` (with the package importable), optionally
``--show-right`` to list the right answers too.
"""

from __future__ import annotations

import shlex
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "corpus"))

from corpus_runner import Outcome, arguments, load, run


def first_line(outcome: Outcome) -> str:
    """The answer's first non-empty line (an error message for a refusal)."""
    lines = [line.strip() for line in outcome.output.splitlines() if line.strip()]
    return lines[0] if lines else "(no output)"


def show(outcome: Outcome) -> str:
    """One outcome: its id and truth, the command, and what the checker said."""
    item = outcome.item
    known = f"  [known: {item['known_wrong']}]" if "known_wrong" in item else ""
    command = "chainrule " + shlex.join(arguments(item))
    return (f"- {item['id']} (truth {item['truth']}, says {outcome.verdict}){known}\n"
            f"    {command}\n    -> {first_line(outcome)}")


def main(argv: list[str]) -> int:
    outcomes = [run(item) for item in load()]
    grades = Counter(outcome.grade for outcome in outcomes)
    total = len(outcomes)
    print(f"answered right: {grades['right']}/{total} = {grades['right'] / total:.0%}  "
          f"(wrong {grades['wrong']}, refused {grades['refused']}, crash {grades['crash']})")
    for name in ("wrong", "crash", "refused") + (("right",) if "--show-right" in argv else ()):
        chosen = [outcome for outcome in outcomes if outcome.grade == name]
        if chosen:
            print(f"\n{name} ({len(chosen)}):")
            print("\n".join(show(outcome) for outcome in chosen))
    return 1 if grades["wrong"] or grades["crash"] else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
