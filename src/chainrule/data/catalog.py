"""Load a data set by name: what ``chainrule train --data NAME`` calls."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.data.csvfile import load_csv
from chainrule.data.digits import digits
from chainrule.data.mnist import mnist
from chainrule.data.sequences import adding, sine
from chainrule.data.synthetic import blobs, circles, moons, spiral, xor
from chainrule.errors import ConfigError, DataError, one_of

#: Synthetic generators by name; each takes ``n``, ``seed`` and a noise level.
GENERATORS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "moons": moons,
    "circles": circles,
    "spiral": spiral,
    "xor": xor,
    "blobs": blobs,
    "adding": adding,  # sequences (n, steps, 2) for recurrent nets
    "sine": sine,  # sequences (n, steps, 1)
}

#: Every name :func:`load_dataset` accepts besides a path.
DATASETS: tuple[str, ...] = (*GENERATORS, "digits")

DEFAULT_N = 1000
PATH_HINT = " (or a path to a .csv file, or to a folder of MNIST IDX files)"


def _check_options(loader: Callable[..., Any], options: dict[str, Any], what: str) -> None:
    """Raise ConfigError for an option that ``loader`` does not take."""
    fixed = ("n", "seed", "path", "folder")  # set by load_dataset itself
    taken = [p for p in inspect.signature(loader).parameters if p not in fixed]
    for option in options:
        if option not in taken:
            raise ConfigError(
                f"option `{option}` does not apply to {what}; its options are {', '.join(taken)}"
            )


def _synthetic(
    name: str, n: int | None, noise: float | None, seed: object, options: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray]:
    kwargs: dict[str, Any] = {"n": DEFAULT_N if n is None else n, "seed": seed, **options}
    if noise is not None:
        if "std" in options:
            raise ConfigError("give the spread of 'blobs' once: `noise` or `std`; got both")
        kwargs["std" if name == "blobs" else "noise"] = noise
    _check_options(GENERATORS[name], options, repr(name))
    return GENERATORS[name](**kwargs)


def _from_path(path: Path, options: dict[str, Any]) -> tuple[np.ndarray, ...]:
    if path.is_dir():
        _check_options(mnist, options, "an MNIST folder")
        return mnist(path, **options)
    if path.suffix.lower() == ".csv":
        _check_options(load_csv, options, "a CSV file")
        return load_csv(path, **options)
    raise DataError(
        f"{path}: expected a .csv file or a folder of MNIST IDX files; got a {path.suffix!r} file"
    )


def load_dataset(
    name: str | os.PathLike[str],
    n: int | None = None,
    noise: float | None = None,
    seed: int | np.random.Generator | None = None,
    **options: Any,
) -> tuple[np.ndarray, ...]:
    """Load a data set by name or path.

    Parameters
    ----------
    name : str or os.PathLike
        One of ``moons``, ``circles``, ``spiral``, ``xor``, ``blobs`` (synthetic), ``adding``,
        ``sine`` (synthetic sequences, see :mod:`chainrule.data.sequences`), ``digits``
        (needs scikit-learn), a path to a ``.csv`` file (see :func:`load_csv`) or a path to a
        folder of MNIST / Fashion-MNIST IDX files (see :func:`mnist`). Names ignore case.
    n : int, optional
        Number of samples of a synthetic data set (default 1000).
    noise : float, optional
        Noise of a synthetic data set (for ``blobs``, the blobs' ``std``); default: the
        generator's own default.
    seed : int, numpy.random.Generator or None
        Seed of a synthetic data set; file data sets are read as they are.
    **options
        Passed on to the generator or loader, e.g. ``classes=4`` for ``spiral``,
        ``label="species"`` for a CSV file, ``kind="test"`` for an MNIST folder.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        (and the class names, when ``return_classes=True`` is passed for a CSV file)

    Raises
    ------
    ConfigError
        For an unknown name, or ``n`` / ``noise`` given for a data set read from a file.
    """
    if isinstance(name, os.PathLike):
        name = os.fspath(name)
    key = name.strip().lower() if isinstance(name, str) else name
    if key in GENERATORS:
        return _synthetic(key, n, noise, seed, options)
    path = Path(name) if isinstance(name, str) else None
    if key != "digits" and (path is None or not path.exists()):
        if path is not None and (path.suffix or len(path.parts) > 1):
            raise DataError(f"data file or folder not found: {path}")
        raise ConfigError(str(one_of("data set", name, DATASETS)) + PATH_HINT)
    given = {k: v for k, v in (("n", n), ("noise", noise)) if v is not None}
    if given:
        raise ConfigError(
            f"{', '.join(f'`{k}`' for k in given)} only applies to the synthetic data sets "
            f"({', '.join(GENERATORS)}); got {given} for {name!r}"
        )
    if key == "digits":
        _check_options(digits, options, "'digits'")
        return digits(**options)
    return _from_path(path, options)
