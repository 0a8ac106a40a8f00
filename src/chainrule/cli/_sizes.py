"""Sizes the commands accept: layer widths, sample counts and epochs, with upper bounds.

The bounds keep a typo from eating the machine. ``explain`` is for teaching networks: at
most 1,000 units a layer and 1,000,000 weights (a 2-1000-1000-1 net explains in about 2 s).
``train`` and ``report`` take at most 10,000 units a layer, 20,000,000 parameters (160 MB of
float64 weights, with their gradients and optimizer state well under 1 GB) and 1,000,000
samples of a synthetic data set. Every count typed on the command line has both bounds,
checked before any work starts: at most 100,000 epochs (1,000 for ``demo``, which is meant
to take seconds), batches of at most 1,000,000 samples, seeds from 0 to 2³² − 1.
"""

from __future__ import annotations

from itertools import pairwise

from chainrule.errors import ConfigError

EXPLAIN_MAX_WIDTH = 1_000
EXPLAIN_MAX_WEIGHTS = 1_000_000
TRAIN_MAX_WIDTH = 10_000
TRAIN_MAX_PARAMETERS = 20_000_000
MAX_SAMPLES = 1_000_000
MAX_EPOCHS = 100_000
DEMO_MAX_EPOCHS = 1_000
MAX_SEED = 2**32 - 1


def check_count(option: str, value: int | None, low: int, high: int, note: str = "") -> None:
    """Refuse ``--option value`` outside ``low .. high`` (None: not given, nothing to check);
    ``note`` says what a special value means, e.g. ``" (0: the full batch)"``."""
    if value is not None and not low <= value <= high:
        raise ConfigError(f"`--{option}` must be a whole number from {low:,} to {high:,}{note}; "
                          f"got {value}")


def check_training_counts(epochs: int | None, batch_size: int | None, seed: int,
                          *, max_epochs: int = MAX_EPOCHS, min_epochs: int = 1) -> None:
    """The counts of ``train``, ``demo`` and ``report``, in the words of their options."""
    check_count("epochs", epochs, min_epochs, max_epochs,
                " (0: no training)" if min_epochs == 0 else "")
    check_count("batch-size", batch_size, 0, MAX_SAMPLES, " (0: the full batch)")
    check_count("seed", seed, 0, MAX_SEED)


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
    """Refuse ``--n`` outside 1 .. :data:`MAX_SAMPLES` (each data set's own minimum, e.g.
    one sample per class, is checked by the data)."""
    check_count("n", n, 1, MAX_SAMPLES, " samples")
