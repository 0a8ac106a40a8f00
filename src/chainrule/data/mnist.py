"""MNIST and Fashion-MNIST from a local folder of IDX files (never downloaded).

Both data sets use the same four standard file names, raw or with a ``.gz`` suffix::

    train-images-idx3-ubyte   train-labels-idx1-ubyte
    t10k-images-idx3-ubyte    t10k-labels-idx1-ubyte
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import DTypeLike

from chainrule.data._checks import check_float_dtype
from chainrule.data.idx import load_idx
from chainrule.errors import DataError, one_of

#: kind -> (images file, labels file), without the optional ``.gz`` suffix.
MNIST_FILES: dict[str, tuple[str, str]] = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}

MAX_PIXEL = 255.0


def _all_names() -> list[str]:
    return [name for pair in MNIST_FILES.values() for name in pair]


def _missing_message(folder: Path, missing: list[str]) -> str:
    names = "\n".join(f"  {name}[.gz]" for name in _all_names())
    where = "does not exist" if not folder.is_dir() else f"lacks {', '.join(missing)}"
    return (
        f"MNIST / Fashion-MNIST files not found: the folder {folder} {where}. "
        "chainrule never downloads data; put the four standard IDX files (raw or gzip) "
        f"in that folder:\n{names}"
    )


def find_idx_file(folder: Path, name: str) -> Path | None:
    """The path of ``name`` or ``name.gz`` in ``folder`` (raw preferred), or None."""
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def has_mnist_files(folder: str | Path) -> bool:
    """True when ``folder`` holds at least one of the four standard MNIST IDX files."""
    folder = Path(folder)
    return folder.is_dir() and any(find_idx_file(folder, name) for name in _all_names())


def _check_pair(images: np.ndarray, labels: np.ndarray, paths: tuple[Path, Path]) -> None:
    if images.ndim != 3:
        raise DataError(
            f"{paths[0]}: expected images of shape (n, rows, cols); found shape {images.shape}"
        )
    if labels.ndim != 1:
        raise DataError(f"{paths[1]}: expected labels of shape (n,); found shape {labels.shape}")
    if len(images) != len(labels):
        raise DataError(
            f"{paths[0]} holds {len(images)} images but {paths[1]} holds {len(labels)} labels; "
            "expected the same number"
        )


def mnist(
    folder: str | Path,
    kind: str = "train",
    flatten: bool = True,
    dtype: DTypeLike = np.float32,
) -> tuple[np.ndarray, np.ndarray]:
    """Load the training or test part of MNIST (or Fashion-MNIST) from ``folder``.

    Parameters
    ----------
    folder : str or pathlib.Path
        Folder holding the standard IDX files (see the module docstring), raw or ``.gz``.
    kind : {"train", "test"}
        ``"train"`` reads ``train-*`` (60 000 images), ``"test"`` reads ``t10k-*`` (10 000).
    flatten : bool
        Return each image as one row of ``rows * cols`` pixels (row-major) instead of 2-D.
    dtype : floating dtype
        Dtype of ``X``.

    Returns
    -------
    X : ndarray of shape (n, rows * cols), or (n, rows, cols) when ``flatten`` is False
        Pixels divided by 255, so in ``[0, 1]``.
    y : ndarray of shape (n,)
        int64 labels.

    Raises
    ------
    DataError
        If a file is missing (the message names the folder and the four file names), is
        not valid IDX, or images and labels disagree in number.
    """
    if kind not in MNIST_FILES:
        raise one_of("kind", kind, MNIST_FILES)
    dtype = check_float_dtype(dtype)
    folder = Path(folder)
    names = MNIST_FILES[kind]
    images_path, labels_path = (find_idx_file(folder, name) for name in names)
    if images_path is None or labels_path is None:
        missing = [n for n, p in zip(names, (images_path, labels_path), strict=True) if p is None]
        raise DataError(_missing_message(folder, missing))
    images, labels = load_idx(images_path), load_idx(labels_path)
    _check_pair(images, labels, (images_path, labels_path))
    X = images.astype(dtype) / dtype.type(MAX_PIXEL)
    if flatten:
        X = X.reshape(len(X), -1)
    return X, labels.astype(np.int64)
