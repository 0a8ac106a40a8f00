"""The two kinds of op the engine chains: activations and losses.

Each concrete op lives in its own module and holds its three faces side by side: the
vectorized ``forward``, the ``backward`` (vector-Jacobian product) and the ``symbolic``
SymPy form. Training, explanations and the checker all read these, so they cannot disagree.
Arrays are batch-first: ``(n_samples, n_features)``.

An op also holds its teaching facts (what it cancels with, its squared factor, its kink, its
output range, ...) as class attributes and methods: the explainer, the checker and the
exercise generator ask the op, never test its name.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

import numpy as np

if TYPE_CHECKING:
    import sympy

    from chainrule.ops.kink import Kink


class Activation(ABC):
    """An activation θ applied to the pre-activation ``z`` of a layer, giving ``a = θ(z)``.

    Attributes
    ----------
    name : the registry name, e.g. ``"tanh"``.
    aliases : older names still read as this op (never printed).
    elementwise : whether ``a_j`` depends on ``z_j`` alone (all but softmax).
    derivative_from_output : whether ``θ'`` is computed from the output ``a`` (tanh:
        ``1 - a**2``) rather than from the input ``z`` (ReLU: ``z > 0``).
    identity : whether ``θ(z) = z`` (a linear unit: no activation to write or differentiate).
    normalizes : whether the outputs are positive and sum to 1 over the units (softmax), so
        ``∂a_k/∂z_j = a_k(δ_kj − a_j)`` and with cross-entropy the cases collapse to ŷ − y.
    saturating : whether ``θ'`` goes to 0 for large ``|z|`` (sigmoid, tanh, softmax): a
        saturated unit learns slowly.
    output_range : the interval ``(low, high)`` the outputs lie in (open, or unbounded).
    letters : the letters courses write this very function with (σ for the logistic sigmoid),
        as LaTeX; a notation's θ or σ denotes the layer's own activation whatever it is.
    """

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    elementwise: ClassVar[bool] = True
    derivative_from_output: ClassVar[bool] = False
    #: whether ``forward_in_place`` writes ``θ(z)`` over ``z`` and ``backward`` stays right
    #: when handed that output as ``z`` too (the training loop then makes no new array)
    in_place: ClassVar[bool] = False
    identity: ClassVar[bool] = False
    normalizes: ClassVar[bool] = False
    saturating: ClassVar[bool] = False
    output_range: ClassVar[tuple[float, float]] = (-float("inf"), float("inf"))
    letters: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def forward(self, z: np.ndarray) -> np.ndarray:
        """``a = θ(z)`` for a batch ``z`` of shape ``(N, K)``."""

    def kink(self) -> Kink | None:
        """θ and θ′ piece by piece, with the convention at the kink, for an activation that
        has no derivative at one point (ReLU at 0); None for a smooth one, whose θ′ the
        calculus derives from :meth:`symbolic`."""
        return None

    def bounded_range(self) -> tuple[float, float] | None:
        """:attr:`output_range` when both ends are finite (where a target can be drawn)."""
        low, high = self.output_range
        return (low, high) if np.isfinite(low) and np.isfinite(high) else None

    def forward_in_place(self, z: np.ndarray) -> np.ndarray:
        """``θ(z)`` written over ``z`` when the op is ``in_place``, else a new array."""
        return self.forward(z)

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """Elementwise ``θ'(z)``, shape ``(N, K)``; only for elementwise activations."""
        raise NotImplementedError(f"{self.name} is not elementwise; use backward")

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        """``∂L/∂z`` from ``∂L/∂a``. May overwrite and return ``grad_a`` to save memory."""
        grad_a *= self.derivative(z, a)
        return grad_a

    @abstractmethod
    def symbolic(self, z: sympy.Expr) -> sympy.Expr:
        """The scalar formula ``θ(z)`` as a SymPy expression (elementwise activations)."""

    def symbolic_vector(self, zs: list[sympy.Expr]) -> list[sympy.Expr]:
        """``[a_1, ..., a_K]`` for a layer's pre-activations ``zs``."""
        return [self.symbolic(z) for z in zs]

    def describe(self) -> str:
        """Short label for messages and diagrams, e.g. ``tanh``."""
        return self.name

    def config(self) -> dict[str, object]:
        """Constructor arguments, for saving a network to a file."""
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.config() == other.config()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self.config().items()))))


class Loss(ABC):
    """A loss comparing a network's output with the targets.

    ``forward`` and ``backward`` act on a batch and include the reduction over samples
    (``mean``: the factor ``1/N``; ``sum``: none). ``symbolic`` gives the loss of *one*
    sample, as textbooks write it; ``sample_scale`` is the factor that turns the sum of the
    per-sample losses into the batch loss.

    Fused losses (softmax + cross-entropy, sigmoid + binary cross-entropy) take the logits
    and name the activation they contain in ``output_activation``: ``predict_proba`` applies it.

    Teaching facts
    --------------
    cancels_with : the registry name of the activation whose slope this loss's gradient
        cancels, leaving prediction − target (cross-entropy with softmax → ŷ − y).
    probability_loss : for a fused loss, the registry name of the loss of the probabilities
        it contains (softmax + cross-entropy → ``cross_entropy``): the loss written out.
    squared : a sum of squared differences, ``c_K Σ_k (x_k − y_k)²`` per sample with ``c_K``
        given by its ``output_factor(K)``: its gradient keeps the activation's slope θ′.
    squared_factor : ``c`` in ``∂e/∂x = c(x − y)`` for one sample, as LaTeX (``""`` for 1);
        None when the gradient is not of that form with a constant ``c``.
    class_labels : the targets are one class per sample (one-hot encoded), so ``Σ_k y_k = 1``.
    """

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()  # older names still read as this loss
    classifier: ClassVar[bool] = False
    output_activation: ClassVar[str | None] = None  # the fused activation's registry name
    #: unfused losses of probabilities: the activation the network must end with
    input_activation: ClassVar[str | None] = None
    cancels_with: ClassVar[str | None] = None
    probability_loss: ClassVar[str | None] = None
    squared: ClassVar[bool] = False
    squared_factor: ClassVar[str | None] = None
    class_labels: ClassVar[bool] = False

    def __init__(self, reduction: str = "mean") -> None:
        if reduction not in ("mean", "sum"):
            from chainrule.errors import one_of

            raise one_of("reduction", reduction, ("mean", "sum"))
        self.reduction = reduction

    def cancels(self, op: Activation) -> bool:
        """Whether δ through ``op`` collapses to prediction − target (see ``cancels_with``)."""
        return self.cancels_with is not None and op.name == self.cancels_with

    def sample_scale(self, n_samples: int, n_outputs: int) -> float:
        """The factor in front of ``Σ_n e_n``: ``1/N`` for a mean, ``1`` for a sum."""
        return 1.0 / n_samples if self.reduction == "mean" else 1.0

    @abstractmethod
    def per_sample(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        """The loss of each sample, shape ``(N,)``."""

    def forward(self, output: np.ndarray, target: np.ndarray) -> float:
        """The batch loss: ``sample_scale · Σ_n e_n``."""
        n, k = output.shape
        return float(self.per_sample(output, target).sum() * self.sample_scale(n, k))

    @abstractmethod
    def backward(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        """``∂L/∂output`` for the batch loss, shape ``(N, K)``."""

    def value_and_grad(
        self, output: np.ndarray, target: np.ndarray, grad_scale: float = 1.0
    ) -> tuple[float, np.ndarray]:
        """The batch loss and ``grad_scale · ∂L/∂output``, at once; losses override this to
        share work. (Training passes SGD's learning rate as ``grad_scale``: backward is linear
        in the output gradient, so it then computes the steps ``η ∂L/∂W`` themselves.)"""
        value, grad = self.forward(output, target), self.backward(output, target)
        if grad_scale != 1:
            grad *= grad_scale
        return value, grad

    @abstractmethod
    def symbolic(self, outputs: list[sympy.Expr], targets: list[sympy.Expr]) -> sympy.Expr:
        """The loss of one sample as a SymPy expression of its outputs and targets."""

    def encode_targets(self, y: np.ndarray, n_outputs: int, dtype: np.dtype) -> np.ndarray:
        """Targets as a float array ``(N, K)`` matching the output; validates them."""
        from chainrule.ops.targets import regression_targets

        return regression_targets(y, n_outputs, dtype, self.name)

    def config(self) -> dict[str, object]:
        return {"reduction": self.reduction}

    def describe(self) -> str:
        return self.name if self.reduction == "mean" else f"{self.name} (sum)"

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"
