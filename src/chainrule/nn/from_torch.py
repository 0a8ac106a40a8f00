"""A chainrule network from a PyTorch module: the way back from :func:`to_torch`.

Accepted modules
----------------
* an ``nn.Sequential`` (nested ones are flattened), and
* a small ``nn.Module`` whose ``forward`` is a *chain*: one input, and each step applies one
  submodule, or one activation function of :func:`_functions`, to the previous step's output
  alone, the last step's output returned. A recurrent layer's step is
  ``out, _ = self.rnn(x)`` (or ``self.rnn(x)[0]``), then ``out[:, -1]`` for the last step's
  states or ``out`` itself for all steps; its state output must stay unused. ``torch.fx``
  reads the forward; anything else (two inputs, a skip connection, a ``view``, a parameter
  used directly, a submodule with weights that the forward never calls) is refused with the
  step's name.

Each PyTorch layer is mapped by one entry of :data:`MODULES` (a layer type is added there, in
one place; the layers beyond ``Linear`` are in :mod:`chainrule.nn.from_torch_layers`);
anything without an entry is refused with its name and the list of what is mapped. In an
``nn.Sequential`` an ``nn.RNN``/``nn.LSTM`` comes wrapped by
:func:`chainrule.nn.torch_layers.recurrent_output`, as ``to_torch`` writes it. The network is
in the module's mode (``train``/``eval``).
PyTorch is imported inside the functions: it is an optional extra.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn import from_torch_layers
from chainrule.nn.dense import Dense
from chainrule.nn.layer import Layer as EngineLayer
from chainrule.nn.network import Network
from chainrule.ops.base import Activation, Loss
from chainrule.ops.registry import activation
from chainrule.ops.registry import loss as make_loss

Layer = Dense | Activation | EngineLayer


def _linear(module: Any) -> list[Layer]:
    """``nn.Linear`` stores ``weight`` as ``(n_out, n_in)``; a Dense layer holds ``W = weightᵀ``."""
    weight = module.weight.detach().cpu().numpy()
    bias = None if module.bias is None else module.bias.detach().cpu().numpy()
    return [Dense(module.in_features, module.out_features, bias=bias is not None,
                  weights=weight.T, biases=bias)]


def _softmax(dim: int | None) -> list[Layer]:
    if dim not in (None, 1, -1):
        raise ConfigError(f"softmax over dim={dim}: chainrule's softmax runs over the "
                          "features of each sample (dim=1 of a batch-first input)")
    return [activation("softmax")]


#: ``nn`` layer class name → the chainrule layers it becomes; a new layer type adds one entry
MODULES: dict[str, Callable[[Any], list[Any]]] = {
    "Linear": _linear,
    "Identity": lambda m: [activation("identity")],
    "Tanh": lambda m: [activation("tanh")],
    "Sigmoid": lambda m: [activation("sigmoid")],
    "ReLU": lambda m: [activation("relu")],
    "LeakyReLU": lambda m: [activation("leaky_relu", slope=m.negative_slope)],
    "Softmax": lambda m: _softmax(m.dim),
    **from_torch_layers.LAYER_MODULES,
}
#: where the mapped classes live: PyTorch's layers, and chainrule's recurrent wrapper
SOURCES = ("torch.nn", "chainrule.nn.torch_layers")


def _functions(torch: Any) -> dict[Any, Callable[..., list[Layer]]]:
    """Activation functions a ``forward`` may call → their layers; the converter takes the
    function's arguments after the input."""
    f = torch.nn.functional

    def tanh() -> list[Layer]:
        return [activation("tanh")]

    def sigmoid() -> list[Layer]:
        return [activation("sigmoid")]

    def relu(inplace: bool = False) -> list[Layer]:
        return [activation("relu")]

    def leaky(negative_slope: float = 0.01, inplace: bool = False) -> list[Layer]:
        return [activation("leaky_relu", slope=negative_slope)]

    def softmax(dim: int | None = None, _stacklevel: int = 3, dtype: Any = None) -> list[Layer]:
        return _softmax(dim)

    # a string is a method of the tensor: x.tanh()
    return {torch.tanh: tanh, f.tanh: tanh, "tanh": tanh,
            torch.sigmoid: sigmoid, f.sigmoid: sigmoid, "sigmoid": sigmoid,
            torch.relu: relu, f.relu: relu, "relu": relu,
            f.leaky_relu: leaky, torch.softmax: softmax, f.softmax: softmax, "softmax": softmax}


def _torch() -> Any:
    from chainrule.nn.torch_bridge import _torch as import_torch

    return import_torch("from_torch")


def from_torch(module: Any, *, loss: str | Loss) -> Network:
    """A :class:`Network` with ``module``'s layers and an exact copy of its weights.

    Parameters
    ----------
    module : an ``nn.Sequential``, or an ``nn.Module`` whose ``forward`` is a chain (see the
        module docstring), of ``Linear`` layers and activations.
    loss : the loss that closes the network, by name (``"softmax_cross_entropy"``) or as a
        :class:`~chainrule.ops.base.Loss`; PyTorch modules carry none.

    Returns
    -------
    Network
        In the module's dtype (float32 or float64): ``W = weightᵀ`` of shape ``(n_in, n_out)``
        and ``b = bias``, copied bit for bit.
    """
    torch = _torch()
    if not isinstance(module, torch.nn.Module):
        raise ConfigError(f"from_torch needs a torch.nn.Module; got {type(module).__name__}")
    loss_op = make_loss(loss) if isinstance(loss, str) else loss
    steps = (_sequential_steps(module, "") if type(module) is torch.nn.Sequential
             else _traced_steps(torch, module))
    loaded = [pair for name, step in steps for pair in _convert(name, step)]
    dtype = _dtype(module)
    network = Network([layer for layer, _ in loaded], loss_op, dtype=dtype)
    for layer, values in loaded:
        _copy(layer, values, network.dtype)
    return network.train(module.training)


def _copy(layer: Layer, values: dict[str, np.ndarray], dtype: np.dtype) -> None:
    """Write the module's arrays into ``layer``: parameters into the network's flat storage
    (their places stay views of it), buffers as new arrays."""
    for name, value in values.items():
        if name in getattr(layer, "buffer_names", ()):
            setattr(layer, name, value.astype(dtype, copy=True))
        else:
            getattr(layer, name)[...] = value


def _convert(name: str, step: Any) -> list[tuple[Layer, dict[str, np.ndarray]]]:
    """The chainrule layers of one step (a module, or ``(function, args, kwargs)``), each
    with the arrays to copy into it once the network is built."""
    if isinstance(step, tuple):
        convert, args, kwargs = step
        try:
            return [(layer, {}) for layer in convert(*args, **kwargs)]
        except TypeError:
            raise ConfigError(f"step {name!r} calls its activation with arguments chainrule "
                              f"does not know: {args} {kwargs}") from None
    kind = type(step).__name__
    if kind not in MODULES or not type(step).__module__.startswith(SOURCES):
        raise ConfigError(f"layer {name!r} ({kind}) has no chainrule equivalent; from_torch "
                          f"maps the PyTorch layers {', '.join(sorted(MODULES))}")
    converted = MODULES[kind](step)
    return [pair if isinstance(pair, tuple) else (pair, {}) for pair in converted]


def _sequential_steps(module: Any, prefix: str) -> list[tuple[str, Any]]:
    """``(name, submodule)`` in order, nested ``nn.Sequential`` flattened."""
    steps = []
    for name, child in module.named_children():
        full = f"{prefix}{name}"
        if type(child).__name__ == "Sequential":
            steps += _sequential_steps(child, f"{full}.")
        else:
            steps.append((full, child))
    return steps


def _dtype(module: Any) -> str:
    dtypes = {str(p.dtype).removeprefix("torch.") for p in module.parameters()}
    if len(dtypes) > 1:
        raise ConfigError(f"the module mixes parameter dtypes {sorted(dtypes)}; chainrule "
                          "computes in one: convert it with .double() or .float() first")
    dtype = dtypes.pop() if dtypes else "float64"
    if dtype not in ("float32", "float64"):
        raise ConfigError(f"the module's parameters are {dtype}; chainrule computes in "
                          "float32 or float64: convert it with .double() or .float() first")
    return dtype


def _traced_steps(torch: Any, module: Any) -> list[tuple[str, Any]]:
    """The steps of ``module.forward`` read by ``torch.fx``, checked to form one chain."""
    name = type(module).__name__
    try:
        graph = torch.fx.symbolic_trace(module).graph
    except Exception as error:  # fx raises many kinds on a forward it cannot follow
        raise ConfigError(f"{name}.forward could not be read as a chain of layers "
                          f"({type(error).__name__}: {error}); write the model as an "
                          "nn.Sequential") from None
    functions = _functions(torch)
    nodes = list(graph.nodes)
    inputs = [node for node in nodes if node.op == "placeholder"]
    if len(inputs) != 1:
        raise ConfigError(f"{name}.forward takes {len(inputs)} inputs; from_torch maps a "
                          "forward of one input, a chain of layers")
    steps, previous, read = [], inputs[0], set()
    for node in nodes[1:]:
        if node in read:  # the indexing of a recurrent layer's output, taken with it
            continue
        if node.op == "output":
            if node.args[0] is not previous:
                raise ConfigError(f"{name}.forward must return the output of its last step "
                                  f"({previous.name}) alone; it returns {node.args[0]}")
            break
        _check_link(name, node, previous)
        step, previous = _step(name, module, node, functions), node
        if type(step) in (torch.nn.RNN, torch.nn.LSTM):
            step, previous, taken = _recurrent_step(name, node, step)
            read |= taken
        steps.append((str(node.target), step))
    _check_all_used(name, module, {target for target, _ in steps})
    return steps


def _recurrent_step(name: str, node: Any, core: Any) -> tuple[Any, Any, set[Any]]:
    """``(wrapper, last node, nodes read)`` for ``out, _ = self.rnn(x)`` (or
    ``self.rnn(x)[0]``) followed by ``out[:, -1]`` (the last step) or not (all steps)."""
    from chainrule.nn.torch_layers import recurrent_output

    outputs = [user for user in node.users if _index(user, node) == 0]
    others = [user for user in node.users if user not in outputs]
    if len(outputs) != 1 or any(_index(user, node) is None or user.users for user in others):
        raise ConfigError(
            f"{name}.forward uses what nn.{type(core).__name__} returns at step {node.name!r} "
            "in a way from_torch does not map: it maps `out, _ = self.rnn(x)` (the state "
            "unused), then `out[:, -1]` (the last step) or `out` (all steps)")
    out = outputs[0]
    after = list(out.users)
    if len(after) == 1 and _index(after[0], out) in _LAST_STEP:
        return recurrent_output(core, "last"), after[0], {*node.users, after[0]}
    return recurrent_output(core, "all"), out, set(node.users)


#: ``out[:, -1]`` and ``out[:, -1, :]``: the last step of a batch-first output
_LAST_STEP = ((slice(None), -1), (slice(None), -1, slice(None)))


def _index(node: Any, source: Any) -> Any:
    """The index of ``source[index]`` if ``node`` is that, else None."""
    if node.op == "call_function" and node.target is operator.getitem \
            and node.args[0] is source:
        return node.args[1]
    return None


def _check_link(name: str, node: Any, previous: Any) -> None:
    """``node`` must take ``previous`` as its first argument, no other value of the graph,
    and ``previous`` must feed nothing else (no skip connection)."""
    others = [a for a in (*node.args[1:], *node.kwargs.values()) if type(a).__name__ == "Node"]
    first = node.args[0] if node.args else None
    if node.op not in ("call_module", "call_function", "call_method") or first is not previous \
            or others or len(previous.users) != 1:
        what = node.target if node.op == "call_module" else _describe(node.target)
        raise ConfigError(f"{name}.forward is not a chain at step {node.name!r} ({what}): "
                          "each step must take the previous "
                          "step's output alone, and feed only the next step")


def _step(name: str, module: Any, node: Any, functions: dict[Any, Any]) -> Any:
    """A submodule, or ``(converter, args, kwargs)`` for an activation function."""
    if node.op == "call_module":
        return module.get_submodule(node.target)
    if node.target in functions:
        return functions[node.target], tuple(node.args[1:]), dict(node.kwargs)
    known = sorted({_describe(f) for f in functions})
    raise ConfigError(f"{name}.forward calls {_describe(node.target)} "
                      f"at step {node.name!r}, which has no chainrule equivalent; from_torch "
                      f"maps submodules and the functions {', '.join(known)}")


def _describe(target: Any) -> str:
    """``torch.relu``, or ``Tensor.relu`` for a method (a string), for messages."""
    if isinstance(target, str):
        return f"Tensor.{target}"
    module = getattr(target, "__module__", None) or "torch"
    return f"{module}.{getattr(target, '__name__', target)}"


def _check_all_used(name: str, module: Any, used: set[str]) -> None:
    """Refuse weights the forward never touches: the network would silently lose them."""
    for sub_name, sub in module.named_modules():
        owns = any(True for _ in sub.parameters(recurse=False))
        if owns and sub_name not in used:
            raise ConfigError(f"{name} has weights in {sub_name or 'itself'!r} that its "
                              "forward does not use as a layer of the chain; from_torch "
                              "would lose them")

