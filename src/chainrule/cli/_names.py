"""The names the help texts list, written out so that `chainrule --help` imports nothing.

``tests/cli/test_cli_help.py`` checks each list against the library's own registry.
"""

from __future__ import annotations

#: The learners' example networks, each with what it shows.
EXAMPLES = {
    "lfd": "Learning From Data: δ of a tanh output, e = (x − y)²",
    "nielsen": "Nielsen: the hidden-layer δ recurrence of a sigmoid net",
    "mitchell": "Mitchell: a 2-2-2 sigmoid net, δ = −∂E/∂net",
    "jhz": "a J/h/z tutorial: ∂J/∂w as a chain of three factors",
    "cs231n": "CS231n: a 2-500-2 tanh/softmax net, dz₂ = (ŷ − y)/N, row vectors",
}
#: The examples of the layers beyond Dense.
LAYER_EXAMPLES = {
    "conv": "a kernel weight of a convolution, a sum over output positions",
    "rnn": "a weight of a recurrent layer, a sum over time, δ's norm per step",
    "lstm": "a gate weight of an LSTM, the gradient through the cell per step",
    "batchnorm": "a batch norm's ∂L/∂x through μ and σ² (the three-term form)",
    "pool": "max pooling: δ routed to each window's maximum",
    "avgpool": "average pooling: δ/k² to every input of a window",
    "dropout": "dropout: the mask and the 1/(1 − p) scale",
}
EXAMPLE_HELP = "; ".join(f"{name} ({what})" for name, what in EXAMPLES.items())
#: `explain` and `report` take the layer examples too
EXPLAIN_EXAMPLE_HELP = EXAMPLE_HELP + "; " + "; ".join(
    f"{name} ({what})" for name, what in LAYER_EXAMPLES.items())

#: The notations' names.
NOTATIONS = ("lfd", "nielsen", "mitchell", "cs231n", "ng", "jhz")
NOTATION_HELP = ", ".join(NOTATIONS)

#: The losses of the op registry.
LOSSES = ("squared_error", "half_squared_error", "mean_squared_error", "cross_entropy",
          "softmax_cross_entropy", "binary_cross_entropy", "sigmoid_binary_cross_entropy")
LOSS_HELP = ", ".join(LOSSES)

#: How `--target` is numbered.
TARGET_HELP = ("Class labels count from 0: --target 3 is the 4th class, so y₄ = 1 in notations "
               "that number units from 1.")

#: `--noise` of the synthetic data sets, with its defaults.
NOISE_HELP = ("Noise of a synthetic data set: the std of Gaussian noise added to each "
              "coordinate (default 0; for blobs the spread of each blob, default 1).")

#: The learning-rate schedules of the library, as `train --schedule` spells them.
SCHEDULE_HELP = ("Learning-rate schedule: constant; step (halve every quarter of the epochs; "
                 "step:E:F multiplies by F every E epochs); exponential (×0.95 an epoch; "
                 "exponential:R); cosine (down to 0 at the last epoch).")
