"""`chainrule exercise` and `chainrule grade` through the CLI runner: files, exit codes, and
clean one-line errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_exercise_then_grade(tmp_path):
    out = tmp_path / "ex"
    _run("exercise", "--layers", "2,2,1", "--ask", "delta_1^(L)", "--ask", "update w_11^(2)",
         "--variants", "3", "--seed", "7", "--format", "markdown", "--output", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["answers.csv", "exercise.json", "key.md",
                                                     "sheet.md"]
    variants = json.loads((out / "exercise.json").read_text())["variants"]
    assert [v["seed"] for v in variants] == ["7", "8", "9"]
    answers = (out / "answers.csv").read_text().splitlines()
    assert answers[:3] == ["student,variant,question,answer", "7,7,1,", "7,7,2,"]
    value = variants[1]["questions"][1]["value"]
    answers[3] = f"ann,8,1,{variants[1]['questions'][0]['value']:.4f}"
    answers[4] = f"ann,8,2,{value:.4f}"
    (out / "answers.csv").write_text("\n".join(answers) + "\n")
    text = _run("grade", str(out / "answers.csv"), "--exercise", str(out / "exercise.json"),
                "--output", str(tmp_path / "book" / "grades.csv"))
    assert "6 answers graded, 2 right; 0 rows could not be graded" in text
    assert (tmp_path / "book" / "grades.html").is_file()


def test_students_seed_their_variants(tmp_path):
    roster = tmp_path / "class.txt"
    roster.write_text("ada\nalan, second field ignored\n\n", encoding="utf-8")
    _run("exercise", "--students", str(roster), "--format", "html", "--output",
         str(tmp_path / "ex"))
    variants = json.loads((tmp_path / "ex" / "exercise.json").read_text())["variants"]
    assert [v["id"] for v in variants] == ["ada", "alan"]


def test_bad_options_are_one_line_errors(tmp_path):
    text = _run("exercise", "--notation", "bishop", "--output", str(tmp_path / "a"), code=2)
    assert "`notation` must be one of cs231n, lfd, mitchell, nielsen, seed003; got 'bishop'" \
        in text
    text = _run("exercise", "--ask", "w_99^(2)", "--output", str(tmp_path / "b"), code=2)
    assert "no quantity called 'w_99^(2)'" in text and "valid names look like" in text
    text = _run("exercise", "--format", "pdf", "--output", str(tmp_path / "c"), code=2)
    assert "`format` must be one of html, latex, markdown; got 'pdf'" in text
    text = _run("exercise", "--ask", "update layer 1", "--output", str(tmp_path / "d"), code=2)
    assert "`update` takes one weight or bias" in text
    text = _run("grade", str(tmp_path / "none.csv"), "--exercise", str(tmp_path / "no.json"),
                code=2)
    assert "no exercise file at" in text
    (tmp_path / "bad.json").write_text("{\"format\": \"something else\"}")
    (tmp_path / "a.csv").write_text("student,question,answer\n")
    text = _run("grade", str(tmp_path / "a.csv"), "--exercise", str(tmp_path / "bad.json"),
                code=2)
    assert "is not an exercise file written by `chainrule exercise`" in text
