"""PyTorch weight files: state dicts written by PyTorch itself, read by `Network.load` and
`chainrule explain --model`; pickles are never run."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app
from chainrule.nn import torch_files
from chainrule.nn.io import describe

torch = pytest.importorskip("torch")
safetensors_torch = pytest.importorskip("safetensors.torch")


class TwoLayers(torch.nn.Module):
    """Names whose alphabetical order is not the layer order: fc10 runs after fc2."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(4)
        self.fc2 = torch.nn.Linear(3, 5)
        self.fc10 = torch.nn.Linear(5, 2)

    def forward(self, x):
        return self.fc10(torch.tanh(self.fc2(x)))


def torch_output(module, x: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return module(torch.from_numpy(x)).numpy()


def spec_beside(path: Path, widths: list[int], dtype: str = "float64") -> None:
    """The architecture record a user writes by hand beside a weight file."""
    net = cr.Network([cr.Dense(widths[0], widths[1]), cr.Tanh(),
                      cr.Dense(widths[1], widths[2])], loss=cr.SoftmaxCrossEntropy(),
                     dtype=dtype)
    path.with_suffix(".json").write_text(json.dumps(describe(net)))


X = np.random.default_rng(0).normal(size=(4, 3))


def test_safetensors_written_by_pytorch_with_the_architecture_beside(tmp_path) -> None:
    module = TwoLayers().double()
    path = tmp_path / "model.safetensors"
    safetensors_torch.save_file(module.state_dict(), path)
    spec_beside(path, [3, 5, 2])
    net = cr.Network.load(str(path))
    np.testing.assert_allclose(net.forward(X), torch_output(module, X), rtol=1e-13)


def test_a_pt_state_dict_is_read_with_weights_only(tmp_path) -> None:
    module = TwoLayers()  # float32 weights into a float64 network: widened exactly
    path = tmp_path / "model.pt"
    torch.save(module.state_dict(), path)
    spec_beside(path, [3, 5, 2])
    net = cr.Network.load(str(path))
    assert np.array_equal(net.dense_layers[1].W, module.fc10.weight.detach().numpy().T)
    np.testing.assert_allclose(net.forward(X), torch_output(module.double(), X), rtol=1e-13)


def test_a_pickled_full_model_is_refused(tmp_path) -> None:
    path = tmp_path / "model.pt"
    torch.save(TwoLayers(), path)
    spec_beside(path, [3, 5, 2])
    with pytest.raises(cr.ModelFileError, match=r"pickled.*model\.state_dict\(\)"):
        cr.Network.load(str(path))


class Payload:
    """A pickle that would create a file if it were ever unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
def test_a_pickle_that_runs_code_is_never_run(tmp_path) -> None:
    path, marker = tmp_path / "evil.pt", tmp_path / "ran"
    torch.save({"0.weight": torch.zeros(2, 3), "x": Payload(marker)}, path)
    spec_beside(path, [3, 2, 2])
    with pytest.raises(cr.ModelFileError, match="never unpickles"):
        cr.Network.load(str(path))
    assert not marker.exists()
    with path.open("wb") as stream:  # and a plain pickle, not a torch zip
        pickle.dump(Payload(marker), stream)
    with pytest.raises(cr.ModelFileError):
        cr.Network.load(str(path))
    assert not marker.exists()


@pytest.mark.parametrize(("content", "words"), [
    ({"model": {"0.weight": [1.0]}, "epoch": 3}, ["state_dict", "epoch", "model"]),
    ({"0.weight": torch.zeros(5, 3), "0.bias": torch.zeros(5)}, ["needs 4 tensors", "0.bias"]),
    ({"a.weight": torch.zeros(3, 5), "a.bias": torch.zeros(5), "b.weight": torch.zeros(2, 5),
      "b.bias": torch.zeros(2)}, ["a.weight", "shape (5, 3)", "Dense 3→5", "(3, 5)"]),
    ({"a.weight": torch.zeros(5, 3), "a.bias": torch.zeros(5), "b.weight": torch.zeros(2, 5),
      "b.bias": torch.full((2,), float("nan"))}, ["b.bias", "finite"]),
    ({"a.weight": torch.zeros(5, 3, dtype=torch.bfloat16)}, ["bfloat16"]),
])
def test_state_dicts_that_do_not_fit_are_refused(tmp_path, content, words) -> None:
    path = tmp_path / "model.pt"
    torch.save(content, path)
    spec_beside(path, [3, 5, 2])
    with pytest.raises(cr.ModelFileError) as error:
        cr.Network.load(str(path))
    for word in words:
        assert word in str(error.value)


def test_damaged_files_and_a_missing_architecture_are_refused(tmp_path) -> None:
    path = tmp_path / "model.safetensors"
    path.write_bytes(b"\xff" * 8 + b"{not json")
    spec_beside(path, [3, 5, 2])
    with pytest.raises(cr.ModelFileError, match="not a readable safetensors"):
        cr.Network.load(str(path))
    safetensors_torch.save_file(TwoLayers().state_dict(), path)
    path.with_suffix(".json").unlink()
    with pytest.raises(cr.ModelFileError, match=r"--layers.*model\.json"):
        cr.Network.load(str(path))
    path.with_suffix(".json").write_text('{"format": "something else"}')
    with pytest.raises(cr.ModelFileError, match="not a usable architecture"):
        cr.Network.load(str(path))


@pytest.mark.parametrize("suffix", [".safetensors", ".pt"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_saved_weights_are_pytorchs_state_dict_and_load_back_bit_for_bit(tmp_path, suffix,
                                                                          dtype) -> None:
    net = cr.Network([cr.Dense(3, 4), cr.ReLU(), cr.Dense(4, 2, bias=False)],
                     loss=cr.MeanSquaredError(), dtype=dtype, seed=2)
    path = torch_files.save(net, tmp_path / f"net{suffix}")
    state = (safetensors_torch.load_file(path) if suffix == ".safetensors"
             else torch.load(path, weights_only=True))
    module = cr.to_torch(net)
    module.load_state_dict(state)  # PyTorch reads it as the module's own state dict
    back = cr.Network.load(str(path))
    assert back.summary() == net.summary() and back.dtype == net.dtype
    for ours, theirs in zip(net.parameters, back.parameters, strict=True):
        assert ours.tobytes() == theirs.tobytes()


def test_explain_reads_a_weight_file_with_layers_given(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
    safetensors_torch.save_file(module.state_dict(), "weights.safetensors")
    with torch.no_grad():
        expected = float(module(torch.tensor([[0.5, -1.0]]))[0, 0])  # PyTorch's own output
    args = ["explain", "--model", "weights.safetensors", "--layers", "2,3,1",
            "--output-activation", "none", "--input", "0.5,-1", "--target", "0.3"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Dense 2→3 · tanh · Dense 3→1" in result.output
    assert f"{abs(expected):.6g}" in result.output  # the network's output in the forward pass


def test_explain_refuses_layer_options_that_the_json_beside_would_override(tmp_path) -> None:
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)], loss=cr.SoftmaxCrossEntropy())
    path = torch_files.save(net, tmp_path / "net.safetensors")
    result = CliRunner().invoke(app, ["explain", "--model", str(path), "--activation", "relu"])
    assert result.exit_code == 2
    assert "--activation" in result.output and "net.json" in result.output
    result = CliRunner().invoke(app, ["explain", "--model", str(path)])
    assert result.exit_code == 0, result.output


def test_weight_files_get_the_users_umask_and_leave_no_temporary(tmp_path) -> None:
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    old = os.umask(0o027)
    try:
        path = torch_files.save(net, tmp_path / "new" / "model.safetensors")
    finally:
        os.umask(old)
    assert oct(os.stat(path).st_mode & 0o777) == oct(0o640)  # 0o666 less the umask
    assert oct(os.stat(path.with_suffix(".json")).st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in path.parent.iterdir()) == ["model.json", "model.safetensors"]
