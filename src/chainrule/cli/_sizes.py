"""Sizes the commands accept: layer widths, sample counts and epochs, with upper bounds.

The bounds keep a typo from eating the machine. ``explain`` is for teaching networks: at
most 1,000 units a layer and 1,000,000 weights (a 2-1000-1000-1 net explains in about 2 s).
``train`` and ``report`` take at most 10,000 units a layer, 20,000,000 parameters (160 MB of
float64 weights, with their gradients and optimizer state well under 1 GB) and 1,000,000
samples of a synthetic data set.
"""

from __future__ import annotations

from itertools import pairwise

from chainrule.errors import ConfigError

EXPLAIN_MAX_WIDTH = 1_000
EXPLAIN_MAX_WEIGHTS = 1_000_000
TRAIN_MAX_WIDTH = 10_000
TRAIN_MAX_PARAMETERS = 20_000_000
MAX_SAMPLES = 1_000_000


def parse_widths(text: str, option: str, *, max_width: int) -> list[int]:
    """``"64,32"`` → ``[64, 32]``: whole numbers from 1 to ``max_width``, comma-separated."""
    parts = text.replace(" ", "").split(",")
    example = "2,3,1" if option == "layers" else "64,32"
    try:
        widths = [int(part) for part in parts]
    except ValueError:
        raise ConfigError(f"`--{option}` must be whole numbers separated by commas, e.g. "
                          f"{example}; got {text!r}") from None
    if any(not 1 <= width <= max_width for width in widths):
        raise ConfigError(f"`--{option}` widths must be from 1 to {max_width:,}; got {text!r}")
    return widths


def hidden_widths(text: str) -> list[int]:
    """The hidden widths of ``train --hidden``/``report --hidden``; ``"0"``: no hidden layer."""
    if text.strip() == "0":
        return []
    return parse_widths(text, "hidden", max_width=TRAIN_MAX_WIDTH)


def explain_widths(text: str) -> list[int]:
    """The widths of ``explain --layers`` (input first), within the teaching-size bounds."""
    widths = parse_widths(text, "layers", max_width=EXPLAIN_MAX_WIDTH)
    if len(widths) < 2:
        raise ConfigError(f"`--layers` needs the input and at least one layer, e.g. 2,3,1; "
                          f"got {text!r}")
    weights = sum(a * b for a, b in pairwise(widths))
    if weights > EXPLAIN_MAX_WEIGHTS:
        raise ConfigError(f"`--layers` {text} has {weights:,} weights; explain takes networks "
                          f"of at most {EXPLAIN_MAX_WEIGHTS:,} (use `chainrule train` for "
                          "larger ones)")
    return widths


def check_parameters(n_inputs: int, hidden: list[int], n_outputs: int) -> None:
    """Refuse a network to train with more than :data:`TRAIN_MAX_PARAMETERS` parameters."""
    widths = [n_inputs, *hidden, n_outputs]
    count = sum((a + 1) * b for a, b in pairwise(widths))
    if count > TRAIN_MAX_PARAMETERS:
        raise ConfigError(f"a {'-'.join(map(str, widths))} network has {count:,} parameters; "
                          f"chainrule trains at most {TRAIN_MAX_PARAMETERS:,} (narrow --hidden)")


def check_samples(n: int | None) -> None:
    """Refuse ``--n`` above :data:`MAX_SAMPLES` (smaller values are checked by the data)."""
    if n is not None and n > MAX_SAMPLES:
        raise ConfigError(f"`--n` must be at most {MAX_SAMPLES:,} samples; got {n:,}")


def check_report_epochs(epochs: int | None) -> None:
    """Refuse a negative ``report --epochs`` (0 means: report the network untrained)."""
    if epochs is not None and epochs < 0:
        raise ConfigError(f"`--epochs` must be 0 (no training) or more; got {epochs}")
