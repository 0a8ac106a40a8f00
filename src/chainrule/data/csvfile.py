"""Load a numeric CSV table: feature columns plus one label column.

Rows in messages are the file's line numbers (1-based, the header included); columns are
1-based and named when the file has a header.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from numpy.typing import DTypeLike

from chainrule.data._checks import check_float_dtype
from chainrule.errors import ConfigError, DataError, one_of

Row = tuple[int, list[str]]  # (line number in the file, stripped cells)


def _read_rows(path: Path, delimiter: str) -> list[Row]:
    """Non-blank rows of the file with their line numbers."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            rows = [(reader.line_num, [c.strip() for c in row]) for row in reader]
    except FileNotFoundError as exc:
        raise DataError(f"CSV file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"cannot read CSV file {path}: {exc}") from exc
    rows = [(line, cells) for line, cells in rows if any(cells)]
    if not rows:
        raise DataError(f"{path}: expected at least one row of data; the file is empty")
    return rows


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _has_header(first: list[str], header: bool | str, label: str | int) -> bool:
    """Whether the first row is a header: ``header`` itself, or a guess when "auto"."""
    if header not in (True, False, "auto"):
        raise one_of("header", header, ["True", "False", "'auto'"])
    if isinstance(label, str) and header is False:
        raise ConfigError(
            f"`label` given by name ({label!r}) needs a header row; got header=False "
            "(give the label column's index instead)"
        )
    if header == "auto":
        return isinstance(label, str) or not any(_is_number(cell) for cell in first)
    return bool(header)


def _check_table(path: Path, rows: list[Row], width: int) -> None:
    """Raise DataError unless there is data and every row has ``width`` >= 2 cells."""
    if not rows:
        raise DataError(f"{path}: expected rows of data after the header; found none")
    if width < 2:
        raise DataError(f"{path}: expected at least 2 columns (features and label); found 1")
    for line, cells in rows:
        if len(cells) != width:
            raise DataError(f"{path}: row {line} has {len(cells)} cells; expected {width}")


def _label_index(label: str | int, names: list[str] | None, width: int) -> int:
    """The 0-based index of the label column."""
    if isinstance(label, str):
        if names is None or label not in names:
            raise one_of("label", label, names or [])
        return names.index(label)
    if isinstance(label, bool) or not isinstance(label, int) or not -width <= label < width:
        raise ConfigError(
            f"`label` must be a column name or an index in [{-width}, {width - 1}]; got {label!r}"
        )
    return label % width


def _is_finite_number(cell: str) -> bool:
    return _is_number(cell) and bool(np.isfinite(float(cell)))


def _first_bad_cell(
    path: Path, rows: list[Row], columns: list[int], names: list[str] | None
) -> DataError | None:
    """The error for the first feature cell, in reading order, that is not a finite number."""
    for line, cells in rows:
        for col in columns:
            cell = cells[col]
            if not _is_finite_number(cell):
                name = f" ({names[col]!r})" if names else ""
                got = "an empty cell" if cell == "" else repr(cell)
                return DataError(
                    f"{path}: row {line}, column {col + 1}{name}: "
                    f"expected a finite number; got {got}"
                )
    return None


def _parse_features(
    path: Path, rows: list[Row], columns: list[int], names: list[str] | None
) -> np.ndarray:
    """The feature columns as a float64 array of shape (n_rows, len(columns))."""
    table = [[cells[c] for c in columns] for _, cells in rows]
    try:
        X = np.array(table, dtype=np.float64).reshape(len(rows), len(columns))
    except ValueError:
        X = None
    if X is not None and np.isfinite(X).all():
        return X
    error = _first_bad_cell(path, rows, columns, names)
    if error is not None:
        raise error
    return np.array([[float(cell) for cell in row] for row in table], dtype=np.float64)


def _parse_labels(cells: list[str]) -> tuple[np.ndarray, list[str] | None]:
    """Numeric labels as int64 (all integral) or float64; other labels mapped to 0 .. K-1."""
    if all(_is_number(cell) for cell in cells):
        values = np.array(cells, dtype=np.float64)
        if np.isfinite(values).all():
            if np.array_equal(values, np.round(values)):
                return values.astype(np.int64), None
            return values, None
    classes, y = np.unique(np.array(cells, dtype=str), return_inverse=True)
    return y.reshape(-1).astype(np.int64), [str(name) for name in classes]


def load_csv(
    path: str | Path,
    label: str | int = -1,
    header: bool | str = "auto",
    dtype: DTypeLike = np.float64,
    return_classes: bool = False,
    delimiter: str = ",",
) -> tuple[np.ndarray, np.ndarray] | tuple[np.ndarray, np.ndarray, list[str] | None]:
    """Read features and labels from a CSV file.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file. Blank lines are skipped; cells are stripped of surrounding spaces.
    label : str or int
        The label column: its header name, or its index (negative counts from the end;
        the default ``-1`` is the last column). Every other column is a feature.
    header : bool or "auto"
        Whether the first row holds column names. ``"auto"``: yes when ``label`` is a name
        or when no cell of the first row is a number.
    dtype : floating dtype
        Dtype of ``X``.
    return_classes : bool
        Also return the class names (see below).
    delimiter : str
        The cell separator.

    Returns
    -------
    X : ndarray of shape (n_rows, n_columns - 1)
    y : ndarray of shape (n_rows,)
        Numeric labels are kept: int64 when all are integral, else float64. Any other labels
        are mapped to ``0 .. K-1`` in the sorted order of their text.
    classes : list of str or None
        Only with ``return_classes=True``: ``classes[k]`` is the text of label ``k``, or None
        when the labels were numeric.

    Raises
    ------
    DataError
        If the file is missing or empty, rows differ in length, or a feature cell is not a
        finite number (the message gives its row and column).
    ConfigError
        If ``label`` names no column or ``header`` is not one of True, False, "auto".
    """
    path = Path(path)
    dtype = check_float_dtype(dtype)
    rows = _read_rows(path, delimiter)
    names = rows[0][1] if _has_header(rows[0][1], header, label) else None
    if names is not None:
        rows = rows[1:]
    _check_table(path, rows, len(names) if names is not None else len(rows[0][1]))
    target = _label_index(label, names, len(rows[0][1]))
    columns = [c for c in range(len(rows[0][1])) if c != target]
    X = _parse_features(path, rows, columns, names).astype(dtype)
    for line, cells in rows:
        if cells[target] == "":
            raise DataError(f"{path}: row {line}, column {target + 1}: the label is empty")
    y, classes = _parse_labels([cells[target] for _, cells in rows])
    return (X, y, classes) if return_classes else (X, y)
