r"""A network of SymPy symbols with the layers of a real one, for proving matrix claims.

Every input, weight, bias and target is a symbol, and so is every layer's signal ``z``: the
true gradients are then short expressions of those symbols instead of one formula nested as
deep as the network. They come from ``sympy.diff`` of the ops' own symbolic forms (the loss of
one sample, each activation, the affine map), put together by the chain rule of several
variables: ``∂L/∂z⁽ˡ⁾`` is ``Σ ∂L/∂a⁽ˡ⁾ ∂a⁽ˡ⁾/∂z⁽ˡ⁾``, ``∂L/∂a⁽ˡ⁾`` is ``Σ ∂L/∂z⁽ˡ⁺¹⁾
∂z⁽ˡ⁺¹⁾/∂a⁽ˡ⁾``, ``∂L/∂W⁽ˡ⁾`` is ``Σ ∂L/∂z⁽ˡ⁾ ∂z⁽ˡ⁾/∂W⁽ˡ⁾`` — no hand-written derivative of any op.
Treating the signals as free symbols only makes a proof harder, never wrong: an identity in
free symbols holds for every value they may take, the network's own included.

An activation with a kink (ReLU, leaky ReLU) is linear on each side of it: ``a = m z`` with
``m`` its slope there (1 or 0 for ReLU, the engine's convention at 0 included). Each unit of
each sample gets its own slope symbol, so one proof covers every region at once, with
``m² = m``-style reduction left to the prover (:mod:`chainrule.check.matrix_proof`).

Widths above :data:`WIDTH` units and batches above two samples are reduced (see
:mod:`chainrule.check.matrix_proof` for why the size does not change a matrix claim's truth);
arrays are batch-first as the engine's, ``(N, n_l)``, of SymPy expressions.
"""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import numpy as np
import sympy

from chainrule.ops import affine

WIDTH = 3  # units a layer at most: more adds work, not generality
SAMPLES = 2  # samples at most (one stays one: a claim about one sample stays about one)


class Unprovable(Exception):
    """The claim uses something the symbolic network cannot give; ``reason`` says what."""


def grid(name: str, rows: int, columns: int) -> np.ndarray:
    """A ``rows × columns`` array of symbols ``name[i,j]``, counted from 1."""
    return np.array([[sympy.Symbol(f"{name}[{i + 1},{j + 1}]", real=True)
                      for j in range(columns)] for i in range(rows)], dtype=object)


class SymbolicNetwork:
    """The symbolic twin of ``net``: the same layers, activations and loss.

    Parameters
    ----------
    net : the network (dense layers, each followed by at most one activation).
    ops : its :class:`~chainrule.check.layer_ops.LayerOps`.
    n_samples : the batch size the claim was compared at (1 stays 1, more becomes 2).
    """

    def __init__(self, net: Any, ops: Any, n_samples: int) -> None:
        dense = net.dense_layers
        actual = [dense[0].n_in] + [d.n_out for d in dense]
        self.widths = [min(n, WIDTH) for n in actual]
        self.N = min(n_samples, SAMPLES)
        self.reduced = self.widths != actual or n_samples != self.N
        self.ops, self.n_layers = ops, len(dense)
        self.inputs = grid("x", self.N, self.widths[0])
        self.dense_layers = [SimpleNamespace(
            W=grid(f"W{k}", self.widths[k - 1], self.widths[k]),
            b=grid(f"b{k}", 1, self.widths[k])[0] if dense[k - 1].b is not None else None)
            for k in range(1, self.n_layers + 1)]  # fmt: skip
        self.zeta = {k: grid(f"z{k}", self.N, self.widths[k]) for k in range(1, self.n_layers + 1)}
        self.slopes: dict[sympy.Symbol, sympy.Symbol] = {}  # signal -> its slope symbol
        self.targets = self._targets()
        scale = ops.loss.sample_scale(self.N, self.widths[-1])
        self.scale = sympy.Rational(Fraction(scale).limit_denominator(1000))
        self._cache: dict[tuple, np.ndarray] = {}

    def _targets(self) -> np.ndarray:
        """Targets as symbols; where they are class labels, each sample's sum to 1 (one-hot
        targets are such vectors, so a proof for these covers them)."""
        y = grid("y", self.N, self.widths[-1])
        if self.ops.class_labels:
            y[:, -1] = [1 - sympy.Add(*row[:-1]) for row in y]
        return y

    # -- the forward pass ------------------------------------------------------------------

    def z(self, layer: int) -> np.ndarray:
        return self.zeta[layer]

    def post(self, layer: int) -> np.ndarray:
        """The outputs ``a⁽ˡ⁾ = θ(z⁽ˡ⁾)`` of a layer (the input for layer 0)."""
        if layer == 0:
            return self.inputs
        return self.activate(layer, self.zeta[layer], 0)

    def activate(self, layer: int, z: np.ndarray, primes: int) -> np.ndarray:
        """``θ(z)`` or ``θ′(z)`` of a layer's activation, entry by entry (or row by row for
        one that is not elementwise, such as softmax)."""
        op = self.ops.activation(layer)
        if not op.elementwise:
            if primes:
                raise Unprovable(f"the derivative of {op.name}, which is not elementwise")
            return np.array([op.symbolic_vector(list(row)) for row in z], dtype=object)
        kink = op.kink()
        if kink is not None:
            return self._piecewise(op, kink, z, primes)
        s = sympy.Dummy("s", real=True)
        form = op.symbolic(s)
        form = sympy.diff(form, s) if primes else form
        return np.vectorize(lambda u: form.xreplace({s: u}), otypes=[object])(z)

    def _piecewise(self, op: Any, kink: Any, z: np.ndarray, primes: int) -> np.ndarray:
        on, off = (sympy.Rational(str(v)) for v in (kink.on, kink.off))
        s = sympy.Symbol("s", positive=True)
        sides = [op.symbolic(s) - on * s, op.symbolic(-s) + off * s]
        exact = [side.xreplace({f: sympy.Rational(str(f)) for f in side.atoms(sympy.Float)})
                 for side in sides]  # a slope of 0.01 is the decimal written
        if any(sympy.expand(side) != 0 for side in exact):
            raise Unprovable(f"{op.name} is not linear on each side of its kink")

        def one(u: sympy.Expr) -> sympy.Expr:
            if u not in self.slopes:
                if not (isinstance(u, sympy.Symbol) and u.name.startswith("z")):
                    raise Unprovable(f"{op.name} of an expression that is not a layer's signal")
                self.slopes[u] = sympy.Symbol(f"m_{u.name}")
            slope = off + (on - off) * self.slopes[u]
            return slope if primes else slope * u

        return np.vectorize(one, otypes=[object])(z)

    def _affine(self, layer: int, a: np.ndarray) -> np.ndarray:
        """``z⁽ˡ⁾`` as the affine op writes it, from the previous layer's outputs ``a``."""
        dense = self.dense_layers[layer - 1]
        W = [list(row) for row in dense.W]
        return np.array([affine.symbolic(list(row), W, None if dense.b is None else
                                         list(dense.b)) for row in a], dtype=object)

    def point(self, seed: int) -> dict[sympy.Symbol, sympy.Expr]:
        """Random values of the inputs, weights, biases and targets (one-hot ones for class
        labels), and the signals and slopes the forward pass gives them: a point where the
        network could be, for showing that a claim is not an identity."""
        rng = np.random.default_rng(seed)
        point: dict[sympy.Symbol, sympy.Expr] = {}
        for array in [self.inputs] + [a for d in self.dense_layers for a in (d.W, d.b)
                                      if a is not None]:
            point |= {s: sympy.Rational(int(rng.integers(-900, 900)), 500)
                      for s in np.ravel(array)}  # fmt: skip
        for row in self.targets:
            free = [y for y in row if isinstance(y, sympy.Symbol)]
            if self.ops.class_labels:
                chosen = int(rng.integers(0, len(row)))
                point |= {y: sympy.Integer(int(k == chosen)) for k, y in enumerate(free)}
            else:
                point |= {y: sympy.Rational(int(rng.integers(5, 95)), 100) for y in free}
        a = self.inputs
        for layer in range(1, self.n_layers + 1):
            z = self._affine(layer, a)
            for zeta, value in zip(np.ravel(self.zeta[layer]), np.ravel(z), strict=True):
                point[zeta] = sympy.sympify(value).xreplace(point).evalf(60)
            a = self.post(layer)
            point |= {m: sympy.Integer(int(point[zeta] > 0)) for zeta, m in self.slopes.items()
                      if zeta in point}  # fmt: skip
        return point

    # -- the gradients, by sympy.diff and the chain rule -----------------------------------

    def _memo(self, key: tuple, build: Any) -> np.ndarray:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def _loss_of(self, n: int, outputs: list[sympy.Expr]) -> sympy.Expr:
        return self.scale * self.ops.loss.symbolic(outputs, list(self.targets[n]))

    def delta(self, layer: int) -> np.ndarray:
        """``∂L/∂z⁽ˡ⁾``, L the batch's loss."""
        return self._memo(("delta", layer), lambda: self._delta(layer))

    def _delta(self, layer: int) -> np.ndarray:
        z = self.zeta[layer]
        if layer == self.n_layers:
            inputs = z if self.ops.fused else self.post(layer)
            return np.array([[sympy.diff(self._loss_of(n, list(inputs[n])), z[n, k])
                              for k in range(z.shape[1])] for n in range(self.N)], dtype=object)
        upstream, a = self.grad_post(layer), self.post(layer)
        return np.array([[sympy.Add(*[upstream[n, j] * sympy.diff(a[n, j], z[n, k])
                                      for j in range(z.shape[1])])
                          for k in range(z.shape[1])] for n in range(self.N)], dtype=object)

    def grad_post(self, layer: int) -> np.ndarray:
        """``∂L/∂a⁽ˡ⁾``."""
        return self._memo(("grad_post", layer), lambda: self._grad_post(layer))

    def _grad_post(self, layer: int) -> np.ndarray:
        alpha = grid("alpha", self.N, self.widths[layer])
        back = dict(zip(alpha.ravel(), self.post(layer).ravel(), strict=True))
        if layer == self.n_layers:
            return np.array([[sympy.diff(self._loss_of(n, list(alpha[n])), alpha[n, i])
                              .xreplace(back) for i in range(alpha.shape[1])]
                             for n in range(self.N)], dtype=object)
        z_next, delta = self._affine(layer + 1, alpha), self.delta(layer + 1)
        return np.array([[sympy.Add(*[delta[n, k] * sympy.diff(z_next[n, k], alpha[n, i])
                                      for k in range(z_next.shape[1])]).xreplace(back)
                          for i in range(alpha.shape[1])] for n in range(self.N)], dtype=object)

    def grad_W(self, layer: int) -> np.ndarray:
        """``∂L/∂W⁽ˡ⁾``, in the engine's layout ``(n_{l-1}, n_l)``."""
        dense = self.dense_layers[layer - 1]
        return self._memo(("grad_W", layer), lambda: self._by_parameters(layer, dense.W))

    def grad_b(self, layer: int) -> np.ndarray | None:
        """``∂L/∂b⁽ˡ⁾``, shape ``(n_l,)``; None for a layer without biases."""
        b = self.dense_layers[layer - 1].b
        if b is None:
            return None
        return self._memo(("grad_b", layer), lambda: self._by_parameters(layer, b[None, :])[0])

    def _by_parameters(self, layer: int, parameters: np.ndarray) -> np.ndarray:
        z, delta = self._affine(layer, self.post(layer - 1)), self.delta(layer)

        def by(p: sympy.Symbol) -> sympy.Expr:
            return sympy.Add(*[delta[n, k] * sympy.diff(z[n, k], p)
                               for n in range(self.N) for k in range(z.shape[1])])

        return np.vectorize(by, otypes=[object])(parameters)
