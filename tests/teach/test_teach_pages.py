"""The grade book's and the sheet's HTML pages, read back as a browser would parse them."""

from __future__ import annotations

from html.parser import HTMLParser

from chainrule.teach import exercise
from chainrule.teach.answers import Malformed
from chainrule.teach.gradebook import Grade, GradeBook


class _Page(HTMLParser):
    """Headings, and each table as its rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.tables: list[list[list[str]]] = []
        self.tags: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        if tag in ("h1", "h2", "td", "th"):
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2"):
            self.headings.append((tag, "".join(self._text or [])))
        elif tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._text or []))
        if tag in ("h1", "h2", "td", "th"):
            self._text = None


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _grade(line, student, question, answer, verdict, diagnosis="", points=0.0):
    return Grade(line, student, "11", question, answer, verdict, diagnosis,
                 "why" if diagnosis else "", "0.25", points=points)


def test_the_grade_book_page_shows_every_count_and_row():
    book = GradeBook(
        grades=(_grade(2, "ann", "q1", "0.25", "correct", points=1.0),
                _grade(3, "bob", "q1", "-0.25", "incorrect", "sign"),
                _grade(4, "bob", "q2", "<b>x</b>", "unreadable", "unreadable")),
        malformed=(Malformed(5, "expected 4 fields; got 2"),), questions=("q1", "q2"))
    page = _read(book.to_html())
    assert [text for _, text in page.headings] == [
        "Grade book", "The class's mistakes, question by question", "Students",
        "Every answer", "Rows that could not be graded"]
    summary, students, answers, malformed = page.tables
    assert summary == [["question", "answers", "right", "mistakes (how many)"],
                       ["1", "2", "1", "wrong sign (1)"], ["2", "1", "0", "unreadable (1)"]]
    assert students == [["student", "points"], ["ann", "1 / 2"], ["bob", "0 / 2"]]
    assert [row[:6] for row in answers[1:]] == [
        ["2", "ann", "11", "1", "0.25", "correct"], ["3", "bob", "11", "1", "-0.25", "incorrect"],
        ["4", "bob", "11", "2", "<b>x</b>", "unreadable"]]  # the answer as text, not markup
    assert malformed == [["line", "why"], ["5", "expected 4 fields; got 2"]]
    assert "b" not in page.tags and "script" not in page.tags


def test_a_grade_book_without_malformed_rows_has_no_such_section():
    book = GradeBook((_grade(2, "ann", "q1", "0.25", "correct", points=1.0),), (), ("q1",))
    page = _read(book.to_html())
    assert "Rows that could not be graded" not in [text for _, text in page.headings]
    assert len(page.tables) == 3


def test_the_key_page_has_one_style_sheet_and_a_page_break_between_variants():
    made = exercise((2, 2, 1), ask=["delta_1^(L)", "w_11^(2)"], variants=3, seed=1)
    html = made.key("html")
    page = _read(html)
    assert page.tags.count("style") == 1 and "script" not in page.tags
    assert html.count('<hr class="variant">') == 2
    assert page.headings[0] == ("h1", "Answer key")
    assert page.tags.count("article") == 3 * 2  # one derivation per question and variant
    assert page.tags.count("ol") == 3
