"""chainrule: backpropagation you can read.

Train a network:

>>> import chainrule as cr
>>> X, y = cr.data.moons(n=200, noise=0.2, seed=0)
>>> net = cr.Network([cr.Dense(2, 16), cr.Tanh(), cr.Dense(16, 2)],
...                  loss=cr.SoftmaxCrossEntropy(), seed=0)
>>> history = net.fit(X, y, epochs=5, batch_size=32, optimizer=cr.SGD(lr=0.1), seed=0)

Derive, check and explain — each returns an object that prints as text, displays typeset in
Jupyter and has ``to_latex()``:

>>> print(cr.derive("tanh(s)"))
Read as: tanh(s)
d/ds [tanh(s)] = 1 − tanh²(s)   (tanh rule)
Result: d/ds [tanh(s)] = 1 − tanh²(s)
>>> cr.check("2h", of="(y-h)^2", wrt="h").verdict
'incorrect'
>>> cr.explain(net, X[0], y[0], "w_11^(2)", notation="nielsen").check.passed
True

Names are loaded on first use, so ``import chainrule`` and the CLI start fast.
"""

from __future__ import annotations

from chainrule._display import register_writers
from chainrule._lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    # ops
    "Identity": "chainrule.ops", "Tanh": "chainrule.ops", "Sigmoid": "chainrule.ops",
    "ReLU": "chainrule.ops", "LeakyReLU": "chainrule.ops", "Softmax": "chainrule.ops",
    "SquaredError": "chainrule.ops", "HalfSumSquaredError": "chainrule.ops",
    "MeanSquaredError": "chainrule.ops", "CrossEntropy": "chainrule.ops",
    "SoftmaxCrossEntropy": "chainrule.ops", "BinaryCrossEntropy": "chainrule.ops",
    "SigmoidBinaryCrossEntropy": "chainrule.ops",
    # nn
    "Dense": "chainrule.nn", "Network": "chainrule.nn", "SGD": "chainrule.nn",
    "Adam": "chainrule.nn", "StepDecay": "chainrule.nn", "ExponentialDecay": "chainrule.nn",
    "CosineDecay": "chainrule.nn", "History": "chainrule.nn", "Trace": "chainrule.nn",
    "Conv2D": "chainrule.nn", "Conv1D": "chainrule.nn", "MaxPool2D": "chainrule.nn",
    "AvgPool2D": "chainrule.nn", "Flatten": "chainrule.nn", "BatchNorm": "chainrule.nn",
    "Dropout": "chainrule.nn", "RNN": "chainrule.nn", "LSTM": "chainrule.nn",
    "gradcheck": "chainrule.nn.gradcheck", "to_torch": "chainrule.nn.torch_bridge",
    "from_torch": "chainrule.nn.from_torch",
    "load": "chainrule.nn.io", "save": "chainrule.nn.io",
    # derive, check, explain: `check` and `explain` are the callable sub-packages below
    "derive": "chainrule.calculus", "Derivation": "chainrule.calculus",
    "CheckResult": "chainrule.check", "Explanation": "chainrule.explain",
    # errors
    "ChainruleError": "chainrule.errors", "ConfigError": "chainrule.errors",
    "ShapeError": "chainrule.errors", "DataError": "chainrule.errors",
    "DivergenceError": "chainrule.errors", "ModelFileError": "chainrule.errors",
    "ParseError": "chainrule.errors",
    # teach
    "exercise": "chainrule.teach.exercise_set", "grade": "chainrule.teach.grading",
}
_SUBPACKAGES = ("data", "ops", "nn", "calculus", "explain", "check", "render", "viz",
                "teach")
_EXPORTS.update({name: f"chainrule.{name}" for name in _SUBPACKAGES})

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

# What displays each result: the writers sit above the results' packages, and the root, above
# every package, says where (chainrule._display); each module loads on the first display.
register_writers({
    "derivation.steps": "chainrule.render.derivation:render",
    "derivation.html": "chainrule.render.derivation_html:derivation_html",
    "explanation.text": "chainrule.render.explain_text:render_text",
    "explanation.latex": "chainrule.render.explain_latex:render_latex",
    "explanation.markdown": "chainrule.render.explain_markdown:render_markdown",
    "explanation.html": "chainrule.render.explain_html:render_html",
    "network.html": "chainrule.viz.notebook:network_html",
    "network.svg": "chainrule.viz.notebook:network_svg",
    "trace.html": "chainrule.viz.notebook:trace_html",
    "trace.svg": "chainrule.viz.notebook:trace_svg",
    "math_name.latex": "chainrule.calculus.printing.latex:name_latex",
})
