"""Load a numeric CSV table: feature columns plus one label column.

Rows in messages are the file's line numbers (1-based, the header included); columns are
1-based and named when the file has a header.
"""

from __future__ import annotations

import csv
import io
import itertools
import numbers
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import numpy as np
from numpy.typing import DTypeLike

from chainrule.data._checks import check_float_dtype
from chainrule.data._files import open_regular
from chainrule.errors import ConfigError, DataError, one_of

Row = tuple[int, list[str]]  # (line number in the file, stripped cells)
Names = list[str] | None  # column names from the header row, if any


def _rows(handle: TextIO, delimiter: str) -> Iterator[Row]:
    """The non-blank rows of an open file, cells stripped, with their line numbers."""
    reader = csv.reader(handle, delimiter=delimiter)
    for row in reader:
        cells = [cell.strip() for cell in row]
        if any(cells):
            yield reader.line_num, cells


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


def _label_index(label: str | int, names: list[str] | None, width: int) -> int:
    """The 0-based index of the label column."""
    if isinstance(label, str):
        if names is None or label not in names:
            raise one_of("label", label, names or [])
        return names.index(label)
    is_index = isinstance(label, numbers.Integral) and not isinstance(label, bool)
    if not is_index or not -width <= label < width:
        raise ConfigError(
            f"`label` must be a column name or an index in [{-width}, {width - 1}]; got {label!r}"
        )
    return int(label) % width


def _bad_cell(path: Path, line: int, cells: list[str], columns: list[int], names: Names) -> None:
    """Raise the error for the first feature cell of a row that is not a finite number."""
    for col in columns:
        cell = cells[col]
        if not _is_number(cell) or not np.isfinite(float(cell)):
            name = f" ({names[col]!r})" if names else ""
            got = "an empty cell" if cell == "" else repr(cell)
            raise DataError(
                f"{path}: row {line}, column {col + 1}{name}: expected a finite number; got {got}"
            )


def _parse_row(path: Path, row: Row, width: int, target: int, names: Names) -> np.ndarray:
    """The features of one data row as a float64 array, after checking its shape and label."""
    line, cells = row
    if len(cells) != width:
        raise DataError(f"{path}: row {line} has {len(cells)} cells; expected {width}")
    if cells[target] == "":
        raise DataError(f"{path}: row {line}, column {target + 1}: the label is empty")
    columns = [c for c in range(width) if c != target]
    try:
        values = np.array([float(cells[c]) for c in columns])
    except ValueError:
        values = None
    if values is None or not np.isfinite(values).all():
        _bad_cell(path, line, cells, columns, names)
    return values


def _parse_table(
    path: Path, rows: Iterator[Row], label: str | int, header: bool | str
) -> tuple[np.ndarray, list[str]]:
    """Features (float64, one row per data row) and the label cells."""
    first = next(rows, None)
    if first is None:
        raise DataError(f"{path}: expected at least one row of data; the file is empty")
    names = first[1] if _has_header(first[1], header, label) else None
    width = len(first[1])
    if width < 2:
        raise DataError(f"{path}: expected at least 2 columns (features and label); found 1")
    target = _label_index(label, names, width)
    features, labels = [], []
    for row in rows if names is not None else itertools.chain([first], rows):
        features.append(_parse_row(path, row, width, target, names))
        labels.append(row[1][target])
    if not features:
        raise DataError(f"{path}: expected rows of data after the header; found none")
    return np.vstack(features), labels


def _parse_labels(cells: list[str]) -> tuple[np.ndarray, list[str] | None]:
    """Numeric labels as int64 (all integral) or float64; other labels mapped to 0 .. K-1."""
    if all(_is_number(cell) for cell in cells):
        values = np.array(cells, dtype=np.float64)
        if np.isfinite(values).all():
            if np.array_equal(values, np.round(values)) and np.abs(values).max() < 2**53:
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
    if not os.path.lexists(path):
        raise DataError(f"CSV file not found: {path}")
    stream, _ = open_regular(path, DataError, "CSV file")  # never a FIFO or a device
    try:
        with io.TextIOWrapper(stream, newline="", encoding="utf-8-sig") as handle:
            X, label_cells = _parse_table(path, _rows(handle, delimiter), label, header)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"cannot read CSV file {path}: {exc}") from exc
    y, classes = _parse_labels(label_cells)
    return (X.astype(dtype), y, classes) if return_classes else (X.astype(dtype), y)
