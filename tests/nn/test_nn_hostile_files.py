"""Model files as an attacker or a careless user makes them: each is refused with a
ModelFileError, quickly and without allocating what it declares; saves leave no debris."""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
import sys
import threading
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest
from model_files import dense, npy_bytes, record, record_member, stored, zero_bomb, zip_bytes

import chainrule as cr
from chainrule.errors import ModelFileError

SMALL = [dense(2, 2), {"type": "activation", "name": "sigmoid"}]
W1 = np.array([[0.1, 0.2], [0.3, 0.4]])


def write(path: Path, members) -> Path:
    path.write_bytes(zip_bytes(members))
    return path


def valid_members(spec=None) -> list:
    return [record_member(spec or record(SMALL)), stored("W1.npy", npy_bytes(W1))]


def refused(path: Path, match: str) -> ModelFileError:
    with pytest.raises(ModelFileError, match=match) as info:
        cr.Network.load(path)
    return info.value


def test_the_hand_made_file_loads(tmp_path):
    """The baseline every other test bends: a file written here byte by byte loads."""
    net = cr.Network.load(write(tmp_path / "model.npz", valid_members()))
    np.testing.assert_array_equal(net.parameters[0], W1)
    assert net.summary() == "Dense 2→2 (no bias) · sigmoid → half_squared_error"


@pytest.mark.parametrize(("old", "new", "factor"), [
    ("half_sse", "half_squared_error", 0.5),  # ½ Σ_k (a_k − y_k)²
    ("mse", "mean_squared_error", 0.5),  # (1/K) Σ_k (a_k − y_k)², K = 2
])
def test_a_file_with_a_loss_under_its_old_name_still_loads(tmp_path, old, new, factor):
    """Files written before the losses were renamed name them ``half_sse`` and ``mse``: they
    load as the renamed loss, which the network then prints and saves under its new name."""
    members = [record_member(record(SMALL, loss=old)), stored("W1.npy", npy_bytes(W1))]
    net = cr.Network.load(write(tmp_path / "old.npz", members))
    assert net.summary() == f"Dense 2→2 (no bias) · sigmoid → {new}"
    x, y = np.array([[1.0, -1.0]]), np.array([[0.0, 1.0]])
    a = 1 / (1 + np.exp(-(x @ W1)))  # the file's W1 holds Dense(2, 2)'s (n_in, n_out) weights
    np.testing.assert_allclose(net.forward(x), a)
    loss, _ = net.loss_and_gradients(x, y)
    assert loss == pytest.approx(factor * ((a - y) ** 2).sum())
    resaved = cr.load(net.save(tmp_path / "new.npz"))
    assert resaved.loss.name == new


def test_a_pickle_as_a_member_is_never_unpickled(tmp_path):
    witness = tmp_path / "unpickled"

    class Boom:
        def __reduce__(self):
            return (witness.touch, ())

    members = [record_member(record(SMALL)), stored("W1.npy", pickle.dumps(Boom()))]
    refused(write(tmp_path / "model.npz", members), "not a readable chainrule model file")
    assert not witness.exists()
    as_record = [stored("__architecture__.npy", pickle.dumps({"format": 1}))]
    refused(write(tmp_path / "record.npz", as_record), "not a readable chainrule model file")


def test_deeply_nested_architecture_json(tmp_path):
    text = json.dumps(record(SMALL))[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    refused(write(tmp_path / "m.npz", [record_member(text)]), "nests 100001 levels deep")


@pytest.mark.parametrize("size", [40_000, 15_000])
def test_a_huge_declared_layer_in_a_small_file_allocates_nothing(tmp_path, size):
    path = write(tmp_path / "m.npz", [record_member(record([dense(size, size)])),
                                       stored("W1.npy", npy_bytes(np.zeros((3, 3))))])
    assert path.stat().st_size < 2000
    tracemalloc.start()
    try:
        refused(path, rf"W1 should have shape \({size}, {size}\); found \(3, 3\)")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000


def test_an_npy_header_of_a_trillion_elements(tmp_path):
    shape = (1_000_000, 1_000_000)
    header = {"descr": "<f8", "fortran_order": False, "shape": shape}
    members = [record_member(record([dense(*shape)])),
               stored("W1.npy", npy_bytes(header=header, data=bytes(64)))]
    refused(write(tmp_path / "m.npz", members),
            r"declares 1000000 × 1000000 elements of 8 byte\(s\) \(8,000,000,000,000 bytes\), "
            r"but its member holds 64 bytes")


def test_a_true_but_oversized_network_is_refused_by_the_cap(tmp_path, monkeypatch):
    from chainrule.nn import io

    monkeypatch.setattr(io, "MAX_MODEL_BYTES", 31)  # W1 holds 32 bytes
    refused(write(tmp_path / "m.npz", valid_members()), "declares 32 bytes of parameters; "
            "chainrule loads at most 31")


def test_an_unused_member_is_never_decompressed(tmp_path):
    """1.5 GB of zeros in 1.5 MB: loading reads only the members it needs."""
    bomb = zero_bomb("junk.npy", 1_500_000_000)
    path = write(tmp_path / "model.npz", [*valid_members(), bomb])
    assert path.stat().st_size < 3_000_000
    with zipfile.ZipFile(path) as archive:  # the bomb is real: its size is what it says
        assert archive.getinfo("junk.npy").file_size == 1_500_000_000
    tracemalloc.start()
    try:
        net = cr.Network.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(net.parameters[0], W1)
    assert peak < 10_000_000


def test_a_member_that_decompresses_beyond_its_header(tmp_path):
    """A parameter member whose deflated data is larger than its .npy header says."""
    members = [record_member(record(SMALL)),
               zero_bomb("W1.npy", 10_000_000)]
    refused(write(tmp_path / "m.npz", members), "not a readable|W1")


def test_a_fifo_named_model_npz_does_not_hang(tmp_path):
    fifo = tmp_path / "model.npz"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            cr.Network.load(fifo)
        except BaseException as error:  # handed to the test's thread
            outcome.append(error)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # unblock the reader before failing
        with open(fifo, "wb"):
            pass
        pytest.fail("loading a FIFO hung")
    assert isinstance(outcome[0], ModelFileError)
    assert "is a named pipe (FIFO), not a model file" in str(outcome[0])


@pytest.mark.parametrize(("path", "match"), [
    ("/dev/null", "is a character device, not a model file"),
    ("/proc/self/mem", "is empty"),
])
def test_special_files(path, match):
    if not os.path.exists(path):
        pytest.skip(f"{path} does not exist on this system")
    refused(Path(path), match)


def test_a_folder(tmp_path):
    (tmp_path / "model.npz").mkdir()
    refused(tmp_path / "model.npz", "is a folder, not a model file")


@pytest.mark.parametrize(("field", "value", "match"), [
    ("n_in", 2.7, r"`n_in` must be a whole number ≥ 1; found 2.7"),
    ("n_in", 2.0, r"`n_in` must be a whole number ≥ 1; found 2.0"),
    ("n_out", True, r"`n_out` must be a whole number ≥ 1; found True"),
    ("n_in", 0, r"`n_in` must be a whole number ≥ 1; found 0"),
    ("bias", 1, r"`bias` must be true or false; found 1"),
    ("n_in", "2", r"`n_in` must be a whole number ≥ 1; found '2'"),
    ("extra", 1, r"unexpected field `extra`"),
])
def test_layer_fields_are_typed(tmp_path, field, value, match):
    layer = {**dense(2, 2), field: value}
    refused(write(tmp_path / "m.npz", valid_members(record([layer, SMALL[1]]))),
            "layer 1 \\(dense\\): " + match)


@pytest.mark.parametrize(("change", "match"), [
    ({"format_version": 1.0}, "format version 1.0"),
    ({"format_version": True}, "format version True"),
    ({"dtype": "float16"}, "dtype must be float64 or float32"),
    ({"layers": []}, "`layers` must be a list of 1"),
    ({"loss": {"name": "half_squared_error", "reduction": [1]}}, "option `reduction`"),
    ({"loss": {"name": "half_squared_error", "reduction": "both"}}, "cannot build.*reduction"),
])
def test_record_fields_are_typed(tmp_path, change, match):
    refused(write(tmp_path / "m.npz", valid_members({**record(SMALL), **change})), match)


def test_activation_options_are_checked(tmp_path):
    layers = [dense(2, 2), {"type": "activation", "name": "leaky_relu", "slope": "0.1"}]
    refused(write(tmp_path / "m.npz", valid_members(record(layers))), "cannot build")
    layers[1]["slope"] = 1e400  # json reads it as infinity
    text = json.dumps(record(layers)).replace("Infinity", "1e400")
    refused(write(tmp_path / "m.npz", valid_members(text)), "option `slope`")


def test_save_gives_the_file_the_users_umask(tmp_path):
    net = cr.Network([cr.Dense(2, 2)], loss=cr.HalfSumSquaredError(), seed=0)
    for mask, mode in ((0o022, 0o644), (0o002, 0o664), (0o077, 0o600)):
        old = os.umask(mask)
        try:
            path = tmp_path / f"m{mask:o}.npz"
            net.save(str(path))
        finally:
            os.umask(old)
        assert stat.S_IMODE(path.stat().st_mode) == mode
    (tmp_path / "m22.npz").chmod(0o640)  # a file replaced keeps its permissions
    net.save(str(tmp_path / "m22.npz"))
    assert stat.S_IMODE((tmp_path / "m22.npz").stat().st_mode) == 0o640


KILLED_SAVE = """
import os, signal, sys
import numpy as np
import chainrule as cr
net = cr.Network([cr.Dense(2, 2)], loss=cr.HalfSumSquaredError(), seed=0)
def killed(stream, **arrays):
    stream.write(b"partial")
    stream.flush()
    os.kill(os.getpid(), signal.SIGKILL)
np.savez = killed
net.save(sys.argv[1])
"""


def test_a_killed_save_leaves_no_temporary_after_the_next_save(tmp_path):
    target = tmp_path / "model.npz"
    cr.Network([cr.Dense(2, 2)], loss=cr.HalfSumSquaredError(), seed=1).save(str(target))
    before = target.read_bytes()
    run = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(target)],
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
                         capture_output=True, timeout=60)
    assert run.returncode == -9, run.stderr.decode()
    leftovers = [p.name for p in tmp_path.iterdir() if p != target]
    assert len(leftovers) == 1 and leftovers[0].endswith(".tmp")  # what SIGKILL leaves
    assert target.read_bytes() == before  # the old model is intact
    cr.Network([cr.Dense(2, 2)], loss=cr.HalfSumSquaredError(), seed=2).save(str(target))
    assert sorted(tmp_path.iterdir()) == [target]
    foreign = tmp_path / f".model.npz.{os.getpid()}.abc.tmp"  # a save in progress: kept
    foreign.write_bytes(b"")
    cr.Network([cr.Dense(2, 2)], loss=cr.HalfSumSquaredError(), seed=2).save(str(target))
    assert foreign.exists()


def test_the_architecture_beside_a_pytorch_weight_file_is_typed(tmp_path):
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    path = tmp_path / "model.safetensors"
    safetensors_numpy.save_file({"0.weight": W1.T.copy()}, path)
    spec = {**record(SMALL), "torch_parameters": ["0.weight"]}
    path.with_suffix(".json").write_text(json.dumps(spec))
    np.testing.assert_array_equal(cr.Network.load(path).parameters[0], W1)
    spec["layers"][0]["n_in"] = 2.7
    path.with_suffix(".json").write_text(json.dumps(spec))
    refused(path, r"not a usable architecture record: .*`n_in` must be a whole number ≥ 1; "
            "found 2.7")
    path.with_suffix(".json").write_text('{"a": ' + "[" * 50_000 + "]" * 50_000 + "}")
    refused(path, "nests 50001 levels deep")
