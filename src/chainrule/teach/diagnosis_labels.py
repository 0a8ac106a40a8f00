"""What each diagnosis code of the checker and the grader means, in the grade book's words."""

#: What each diagnosis code means, for the summary of the class's mistakes.
LABELS = {
    "sign": "wrong sign", "convention": "δ's sign convention (δ = −∂E/∂net)",
    "factor": "off by a constant factor (the ½?)",
    "missing_factor": "a factor of the chain missing",
    "missing_activation_derivative": "θ′ missing", "derivative_at_output": "θ′ at the output",
    "missing_sum": "the sum over the next layer missing", "missing_mean": "the 1/N missing",
    "swapped": "indices swapped (from/to)", "wrong_unit": "another unit's δ",
    "transposed": "matrix transposed",
    "shape": "wrong matrix shape", "learning_rate": "η missing",
    "step_only": "the step or the gradient, not the new weight",
    "unchanged": "the weight before the step", "conditional": "right only if Σy = 1",
    "extra_factor": "an extra factor", "rounding": "rounded too far",
    "not_equal": "other mistakes", "unreadable": "unreadable", "ungraded": "not graded",
}  # fmt: skip
