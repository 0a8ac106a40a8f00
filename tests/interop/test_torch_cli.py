"""`chainrule train --backend torch` through the CLI runner, and PyTorch as an optional extra."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app

torch = pytest.importorskip("torch")
safetensors_torch = pytest.importorskip("safetensors.torch")
SRC = Path(cr.__file__).resolve().parents[1]


def test_train_with_the_torch_backend_saves_a_network_explain_reads(tmp_path,
                                                                     monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["train", "--backend", "torch", "--nproc", "2", "--devices", "cpu", "--n", "200",
            "--hidden", "6", "--epochs", "3", "--lr", "0.2", "--save", "moons.safetensors"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "3/3" in result.output and "test accuracy" in result.output
    assert "saved the network to moons.safetensors" in result.output
    net = cr.Network.load("moons.safetensors")
    state = safetensors_torch.load_file("moons.safetensors")  # PyTorch's own reader
    assert np.array_equal(net.dense_layers[0].W, state["0.weight"].numpy().T)
    result = CliRunner().invoke(app, ["explain", "--model", "moons.safetensors"])
    assert result.exit_code == 0, result.output
    assert "Dense 2→6 · tanh · Dense 6→2" in result.output


@pytest.mark.parametrize(("args", "words"), [
    (["--nproc", "2"], ["--nproc", "--backend torch"]),
    (["--devices", "cpu"], ["--devices", "--backend torch"]),
    (["--backend", "jax"], ["backend", "numpy, torch", "jax"]),
    (["--backend", "torch", "--schedule", "cosine"], ["--schedule"]),
    (["--backend", "torch", "--nproc", "0"], ["--nproc", "between 1 and 64"]),
])
def test_backend_options_that_cannot_work_are_refused_before_training(args, words) -> None:
    result = CliRunner().invoke(app, ["train", "--epochs", "1", *args])
    assert result.exit_code == 2
    for word in words:
        assert word in result.output


def test_devices_cuda_without_a_gpu_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    result = CliRunner().invoke(app, ["train", "--backend", "torch", "--devices", "cuda"])
    assert result.exit_code == 2
    assert "--devices cuda needs a CUDA GPU" in result.output


def test_a_cnn_with_batch_norm_on_several_cpu_processes_is_refused_naming_the_layer() -> None:
    args = ["train", "--data", "digits", "--model", "cnn", "--backend", "torch", "--nproc", "2",
            "--devices", "cpu", "--epochs", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "layer 2 (BatchNorm 16)" in text and "--nproc 1" in text
    assert "Traceback" not in result.output


BLOCKED = """
import sys
sys.modules["torch"] = None  # as if PyTorch were not installed
sys.modules["safetensors"] = None
import chainrule as cr
from typer.testing import CliRunner
from chainrule.cli import app
x, y = cr.data.moons(n=50, seed=0)
net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)], loss=cr.SoftmaxCrossEntropy())
net.fit(x, y, epochs=1)
for attempt in (lambda: cr.from_torch(object(), loss="mean_squared_error"),
                lambda: cr.Network.load(sys.argv[1]), lambda: cr.Network.load(sys.argv[2])):
    try:
        attempt()
    except cr.ChainruleError as error:
        print("refused:", error)
result = CliRunner().invoke(app, ["train", "--backend", "torch", "--epochs", "1"])
print("cli:", result.exit_code, result.output)
"""


def test_everything_but_the_torch_paths_works_without_pytorch(tmp_path) -> None:
    weights, state = tmp_path / "w.safetensors", tmp_path / "w.pt"
    weights.write_bytes(b"x")
    state.write_bytes(b"x")
    environment = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", BLOCKED, str(weights), str(state)],
                          capture_output=True, text=True, timeout=120, env=environment)
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert out.count("refused:") == 3
    assert out.count("pip install 'chainrule[torch]'") == 4
    assert "from_torch needs PyTorch" in out and "reading w.pt needs PyTorch" in out
    assert "the safetensors package" in out
    assert "cli: 2 error: distributed training needs PyTorch" in out


def test_export_writes_the_state_dict_pytorch_loads(tmp_path) -> None:
    net = cr.Network([cr.Dense(2, 5), cr.ReLU(), cr.Dense(5, 3)],
                     loss=cr.SoftmaxCrossEntropy(), dtype="float32", seed=4)
    net.save(str(tmp_path / "model.npz"))
    target = tmp_path / "out" / "model.pt"
    result = CliRunner().invoke(app, ["export", "--model", str(tmp_path / "model.npz"),
                                      "--output", str(target)])
    assert result.exit_code == 0, result.output
    module = torch.nn.Sequential(torch.nn.Linear(2, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3))
    module.load_state_dict(torch.load(target, weights_only=True))
    assert np.array_equal(module[2].weight.detach().numpy(), net.dense_layers[1].W.T)
    assert np.array_equal(module[0].bias.detach().numpy(), net.dense_layers[0].b)
    assert (tmp_path / "out" / "model.json").is_file()


def test_export_refuses_an_output_that_is_not_a_pytorch_file(tmp_path) -> None:
    result = CliRunner().invoke(app, ["export", "--model", "m.npz", "--output", "m.npz"])
    assert result.exit_code == 2
    assert ".safetensors, .pt, .pth" in result.output
