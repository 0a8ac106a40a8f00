"""The CSV loader: headers, label columns, label types and error messages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chainrule.data import load_csv
from chainrule.errors import ConfigError, DataError


def csv_file(tmp_path: Path, text: str, name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_with_header_label_last(tmp_path):
    X, y = load_csv(csv_file(tmp_path, "x1,x2,label\n1,2,0\n3.5,-4,1\n"))
    np.testing.assert_array_equal(X, [[1.0, 2.0], [3.5, -4.0]])
    assert X.dtype == np.float64
    assert y.tolist() == [0, 1]
    assert y.dtype == np.int64


def test_without_header(tmp_path):
    X, y = load_csv(csv_file(tmp_path, "1,2,0\n3.5,-4,1\n"))
    np.testing.assert_array_equal(X, [[1.0, 2.0], [3.5, -4.0]])
    assert y.tolist() == [0, 1]


def test_explicit_header_false_keeps_first_row(tmp_path):
    X, _ = load_csv(csv_file(tmp_path, "1,2,0\n3,4,1\n"), header=False)
    assert X.shape == (2, 2)


def test_explicit_header_true_drops_numeric_first_row(tmp_path):
    X, y = load_csv(csv_file(tmp_path, "10,20,30\n3,4,1\n"), header=True)
    np.testing.assert_array_equal(X, [[3.0, 4.0]])
    assert y.tolist() == [1]


def test_string_labels_by_name_in_the_middle(tmp_path):
    text = "a,species,b\n1,setosa,2\n3,virginica,4\n5,setosa,6\n7,versicolor,8\n"
    X, y, classes = load_csv(csv_file(tmp_path, text), label="species", return_classes=True)
    np.testing.assert_array_equal(X, [[1, 2], [3, 4], [5, 6], [7, 8]])
    assert classes == ["setosa", "versicolor", "virginica"]  # sorted
    assert y.tolist() == [0, 2, 0, 1]
    assert y.dtype == np.int64


def test_label_by_index_first_column(tmp_path):
    X, y = load_csv(csv_file(tmp_path, "cat,1,2\ndog,3,4\n"), label=0)
    np.testing.assert_array_equal(X, [[1, 2], [3, 4]])
    assert y.tolist() == [0, 1]


def test_numeric_labels_have_no_class_names(tmp_path):
    _, y, classes = load_csv(csv_file(tmp_path, "1,3\n2,1\n"), return_classes=True)
    assert classes is None
    assert y.tolist() == [3, 1]


def test_integral_float_labels_become_integers(tmp_path):
    _, y = load_csv(csv_file(tmp_path, "1,2.0\n2,0.0\n"))
    assert y.dtype == np.int64
    assert y.tolist() == [2, 0]


def test_fractional_labels_are_kept_as_floats(tmp_path):
    _, y = load_csv(csv_file(tmp_path, "1,0.5\n2,1.25\n"))
    assert y.dtype == np.float64
    assert y.tolist() == [0.5, 1.25]


def test_spaces_blank_lines_quotes_and_delimiter(tmp_path):
    text = 'x;"y";class\n\n 1 ; 2 ;"big one"\n3;4; small\n\n'
    X, y, classes = load_csv(csv_file(tmp_path, text), delimiter=";", return_classes=True)
    np.testing.assert_array_equal(X, [[1, 2], [3, 4]])
    assert classes == ["big one", "small"]
    assert y.tolist() == [0, 1]


def test_float32_and_byte_order_mark(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffx,label\n0.5,1\n".encode())
    X, _ = load_csv(path, label="label", dtype=np.float32)
    assert X.dtype == np.float32
    assert X.tolist() == [[0.5]]


def test_non_numeric_cell_gives_row_and_column(tmp_path):
    path = csv_file(tmp_path, "x1,x2,label\n1,2,0\n3,abc,1\n")
    with pytest.raises(DataError) as info:
        load_csv(path)
    message = str(info.value)
    assert "table.csv" in message
    assert "row 3, column 2 ('x2')" in message
    assert "expected a finite number; got 'abc'" in message


def test_non_numeric_cell_without_header(tmp_path):
    path = csv_file(tmp_path, "1,2,0\n3,4,1\n5,6,1\n7,?,0\n")
    with pytest.raises(DataError, match=r"row 4, column 2: expected a finite number; got '\?'"):
        load_csv(path)


def test_first_bad_cell_in_reading_order(tmp_path):
    path = csv_file(tmp_path, "a,b,c,label\n1,2,3,0\n4,5,x,0\n6,y,7,1\n")
    with pytest.raises(DataError, match=r"row 3, column 3 \('c'\)"):
        load_csv(path)


def test_empty_and_nan_cells(tmp_path):
    with pytest.raises(DataError, match=r"row 2, column 1 \('x'\).*got an empty cell"):
        load_csv(csv_file(tmp_path, "x,y,label\n,1,0\n"))
    with pytest.raises(DataError, match=r"row 2, column 2 \('y'\).*got 'nan'"):
        load_csv(csv_file(tmp_path, "x,y,label\n1,nan,0\n"))


def test_empty_label(tmp_path):
    with pytest.raises(DataError, match=r"row 3, column 3: the label is empty"):
        load_csv(csv_file(tmp_path, "x,y,label\n1,2,a\n1,2,\n"))


def test_ragged_row(tmp_path):
    with pytest.raises(DataError, match=r"row 3 has 2 cells; expected 3"):
        load_csv(csv_file(tmp_path, "x,y,label\n1,2,0\n1,2\n"))


def test_unknown_label_name_lists_the_columns(tmp_path):
    path = csv_file(tmp_path, "x,y,target\n1,2,0\n")
    with pytest.raises(ConfigError, match=r"`label` must be one of target, x, y; got 'label'"):
        load_csv(path, label="label")


def test_label_index_out_of_range(tmp_path):
    with pytest.raises(ConfigError, match=r"index in \[-3, 2\]; got 3"):
        load_csv(csv_file(tmp_path, "1,2,0\n"), label=3)


def test_label_name_needs_a_header(tmp_path):
    with pytest.raises(ConfigError, match=r"needs a header row"):
        load_csv(csv_file(tmp_path, "1,2,0\n"), label="label", header=False)


def test_bad_header_option(tmp_path):
    with pytest.raises(ConfigError, match=r"`header` must be one of"):
        load_csv(csv_file(tmp_path, "1,2,0\n"), header="yes")


def test_empty_file_header_only_and_single_column(tmp_path):
    with pytest.raises(DataError, match=r"the file is empty"):
        load_csv(csv_file(tmp_path, "\n\n"))
    with pytest.raises(DataError, match=r"after the header; found none"):
        load_csv(csv_file(tmp_path, "x,label\n"))
    with pytest.raises(DataError, match=r"at least 2 columns"):
        load_csv(csv_file(tmp_path, "1\n2\n"))


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"CSV file not found: .*nope\.csv"):
        load_csv(tmp_path / "nope.csv")


def test_label_index_may_be_a_numpy_integer(tmp_path):
    _, y = load_csv(csv_file(tmp_path, "7,1,2\n8,3,4\n"), label=np.int64(0))
    assert y.tolist() == [7, 8]


def test_label_of_wrong_type(tmp_path):
    with pytest.raises(ConfigError, match=r"column name or an index.*got 1.5"):
        load_csv(csv_file(tmp_path, "1,2,0\n"), label=1.5)


def test_huge_integral_labels_stay_floats(tmp_path):
    _, y = load_csv(csv_file(tmp_path, "1,1e20\n2,3\n"))
    assert y.dtype == np.float64
    assert y.tolist() == [1e20, 3.0]


def test_a_thousand_rows_keep_their_order(tmp_path):
    lines = [f"{i},{i / 4},{i % 3}" for i in range(1000)]
    X, y = load_csv(csv_file(tmp_path, "\n".join(lines) + "\n"))
    np.testing.assert_array_equal(X[:, 0], np.arange(1000))
    np.testing.assert_array_equal(X[:, 1], np.arange(1000) / 4)
    np.testing.assert_array_equal(y, np.arange(1000) % 3)
