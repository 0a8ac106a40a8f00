"""scikit-learn's bundled 8×8 handwritten digits (the optional ``datasets`` extra).

The data ship inside the scikit-learn package, so nothing is downloaded. scikit-learn is
imported only when :func:`digits` is called, which keeps ``import chainrule.data`` cheap.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from chainrule.data._checks import check_float_dtype
from chainrule.errors import DataError

#: Largest pixel value of the 8×8 digits (each pixel counts set cells of a 4×4 block).
DIGITS_MAX_PIXEL = 16.0

INSTALL_HINT = "pip install 'chainrule[datasets]'"


def digits(dtype: DTypeLike = np.float64) -> tuple[np.ndarray, np.ndarray]:
    """The 1797 8×8 digit images bundled with scikit-learn, pixels scaled to ``[0, 1]``.

    Parameters
    ----------
    dtype : floating dtype
        Dtype of ``X``.

    Returns
    -------
    X : ndarray of shape (1797, 64)
        Row-major flattened images, pixel values 0..16 divided by 16.
    y : ndarray of shape (1797,)
        int64 digit labels 0 .. 9.

    Raises
    ------
    DataError
        If scikit-learn is not installed; the message says how to install it.
    """
    dtype = check_float_dtype(dtype)
    try:
        from sklearn.datasets import load_digits
    except ImportError as exc:
        raise DataError(
            "the 'digits' data set comes with scikit-learn, which is not installed; "
            f"install it with: {INSTALL_HINT}"
        ) from exc
    bunch = load_digits()
    X = (np.asarray(bunch.data, dtype=np.float64) / DIGITS_MAX_PIXEL).astype(dtype)
    y = np.asarray(bunch.target, dtype=np.int64)
    return X, y
