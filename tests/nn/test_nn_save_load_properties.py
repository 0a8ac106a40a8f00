"""Save/load as properties (hypothesis): random architectures, dtypes, losses and weights
round-trip bit for bit; random truncations and byte flips of a saved file never load a
different network.

What a damaged file may do, decided precisely: a truncated file is always refused; a flipped
byte inside what a member stores (the architecture record, an array's header or its
elements: everything that carries information) is always refused; a flip in the zip's own
bookkeeping (timestamps, "version made by", attributes) may go unnoticed, and then the
network loaded is identical to the one saved, bit for bit. Every refusal is a ModelFileError.
"""

from __future__ import annotations

import io
import struct
import zipfile
from itertools import pairwise
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import chainrule as cr
from chainrule.errors import ModelFileError
from chainrule.nn.architecture import describe
from chainrule.ops.registry import activation, loss

HIDDEN = ["identity", "tanh", "sigmoid", "relu", "leaky_relu"]
#: loss name -> the layer the network must end with (None: a Dense layer)
LOSSES = {"squared_error": None, "half_squared_error": None, "mean_squared_error": None,
          "softmax_cross_entropy": None, "sigmoid_binary_cross_entropy": None,
          "cross_entropy": "softmax", "binary_cross_entropy": "sigmoid"}


@st.composite
def networks(draw) -> cr.Network:
    widths = draw(st.lists(st.integers(1, 6), min_size=2, max_size=5))
    layers: list = []
    for n_in, n_out in pairwise(widths):
        if layers:
            name = draw(st.sampled_from(HIDDEN))
            slope = {"slope": draw(st.floats(0, 0.99))} if name == "leaky_relu" else {}
            layers.append(activation(name, **slope))
        layers.append(cr.Dense(n_in, n_out, bias=draw(st.booleans())))
    loss_name = draw(st.sampled_from(sorted(LOSSES)))
    if LOSSES[loss_name]:
        layers.append(activation(LOSSES[loss_name]))
    net = cr.Network(layers, loss(loss_name, reduction=draw(st.sampled_from(["mean", "sum"]))),
                     dtype=draw(st.sampled_from(["float64", "float32"])))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    for parameter in net.parameters:  # all scales, both signs, signed zeros, subnormals
        values = rng.normal(size=parameter.shape) * 10.0 ** rng.integers(-40, 30, parameter.shape)
        values[rng.random(parameter.shape) < 0.1] = -0.0
        parameter[...] = values
    return net


def _bits(array: np.ndarray) -> np.ndarray:
    return array.view(np.uint64 if array.dtype == np.float64 else np.uint32)


def _assert_identical(ours: cr.Network, theirs: cr.Network) -> None:
    assert describe(theirs) == describe(ours)
    assert theirs.parameter_names == ours.parameter_names
    for a, b in zip(ours.parameters, theirs.parameters, strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert np.array_equal(_bits(a), _bits(b))
    x = np.random.default_rng(0).normal(size=(7, ours.n_inputs))
    with np.errstate(all="ignore"):
        assert np.array_equal(ours.predict_proba(x), theirs.predict_proba(x), equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(net=networks())
def test_random_networks_round_trip_bit_for_bit(tmp_path_factory, net) -> None:
    path = tmp_path_factory.mktemp("round") / "model.npz"
    net.save(str(path))
    _assert_identical(net, cr.Network.load(path))


def _saved(tmp_path_factory) -> tuple[cr.Network, Path, bytes]:
    net = cr.Network([cr.Dense(3, 4), cr.LeakyReLU(0.3), cr.Dense(4, 2, bias=False)],
                     loss=cr.SoftmaxCrossEntropy(reduction="sum"), seed=3)
    path = tmp_path_factory.mktemp("damage") / "model.npz"
    net.save(str(path))
    return net, path, path.read_bytes()


def _payloads(data: bytes) -> list[range]:
    """The bytes each member stores (after its local header), from the central directory."""
    ranges = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
            start = info.header_offset + 30 + name_length + extra_length
            ranges.append(range(start, start + info.compress_size))
    return ranges


@settings(max_examples=150, deadline=None)
@given(cut=st.floats(0, 1, exclude_max=True))
def test_every_truncation_is_refused(tmp_path_factory, cut) -> None:
    _, path, data = _saved(tmp_path_factory)
    path.write_bytes(data[: int(cut * len(data))])
    try:
        cr.Network.load(path)
    except ModelFileError as error:
        assert path.name in str(error) or "model file" in str(error)
    else:
        raise AssertionError(f"a file cut to {int(cut * len(data))} of {len(data)} bytes loaded")


@settings(max_examples=300, deadline=None)
@given(where=st.floats(0, 1, exclude_max=True), mask=st.integers(1, 255))
def test_a_flipped_byte_is_refused_or_changes_nothing(tmp_path_factory, where, mask) -> None:
    net, path, data = _saved(tmp_path_factory)
    position = int(where * len(data))
    damaged = bytearray(data)
    damaged[position] ^= mask
    path.write_bytes(bytes(damaged))
    in_payload = any(position in payload for payload in _payloads(data))
    try:
        loaded = cr.Network.load(path)
    except ModelFileError:
        return
    assert not in_payload, f"a flip at byte {position}, inside a member, loaded"
    _assert_identical(net, loaded)


def test_the_payload_ranges_are_where_the_information_is(tmp_path_factory) -> None:
    """The premise of the flip test: the ranges cover the record and every array."""
    _, _, data = _saved(tmp_path_factory)
    ranges = _payloads(data)
    assert len(ranges) == 4  # W1, b1, W2 and the architecture record
    record = next(r for r in ranges if b"chainrule-network" in data[r.start:r.stop])
    assert data[record.start:record.start + 6] == b"\x93NUMPY"
    assert sum(len(r) for r in ranges) > len(data) // 2
