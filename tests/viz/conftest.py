"""Shared pieces of the picture tests: small networks and an image reader."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import chainrule as cr


@pytest.fixture
def moons() -> tuple[np.ndarray, np.ndarray]:
    return cr.data.moons(n=300, noise=0.2, seed=0)


@pytest.fixture
def small_net() -> cr.Network:
    """A 2-3-2 tanh network with softmax cross-entropy, as in seed 004 but narrow."""
    return cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                      loss=cr.SoftmaxCrossEntropy(), seed=1)


def read_png(path: Path) -> np.ndarray:
    """The pixels of a PNG file, shape (height, width, channels), values in [0, 1]."""
    import matplotlib.image

    return matplotlib.image.imread(str(path))


def assert_real_image(path: Path, min_width: int = 200, min_height: int = 150) -> np.ndarray:
    """A PNG of a decent size whose pixels vary (not blank, not one flat colour)."""
    assert path.stat().st_size > 5_000, f"{path} is only {path.stat().st_size} bytes"
    pixels = read_png(path)
    height, width = pixels.shape[:2]
    assert width >= min_width and height >= min_height, (width, height)
    rgb = pixels[..., :3]
    assert rgb.std() > 0.02, f"{path} looks blank (pixel std {rgb.std():.4f})"
    non_white = np.mean(rgb.min(axis=2) < 0.9)
    assert non_white > 0.005, f"{path} is almost all white ({non_white:.2%} drawn)"
    return pixels


@pytest.fixture
def real_image():
    """The check :func:`assert_real_image`, for tests to call on the files they write."""
    return assert_real_image


# -- a real browser: the shared `chromium_page` fixture (tests/conftest.py, system Chromium) --


@pytest.fixture
def report_page(chromium_page):
    """The shared headless-Chromium page, sized for the report; JavaScript errors on it fail
    the test at the end."""
    page = chromium_page
    page.set_viewport_size({"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    assert not errors, f"the page reported errors: {errors}"
