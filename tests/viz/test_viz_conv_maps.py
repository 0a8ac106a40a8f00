"""Kernels, feature maps and their δ as pictures: each image is the right array."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule import viz
from chainrule.cli import app
from chainrule.errors import ConfigError

torch = pytest.importorskip("torch")


def _images(figure) -> list[tuple[str, np.ndarray]]:
    return [(ax.get_title(), np.asarray(ax.get_images()[0].get_array()))
            for ax in figure.axes if ax.get_visible() and ax.get_images()]


def test_each_picture_is_the_array_pytorch_computes() -> None:
    rng = np.random.default_rng(0)
    net = cr.Network([cr.Conv2D(2, 3, 3, padding=1), cr.ReLU(), cr.Flatten(),
                      cr.Dense(3 * 5 * 5, 2)], loss=cr.SoftmaxCrossEntropy(), seed=0)
    x, y = rng.normal(size=(2, 2, 5, 5)), np.array([1, 0])
    module = cr.to_torch(net)
    inputs = torch.tensor(x)
    maps = module[0](inputs)
    maps.retain_grad()
    h = maps
    for part in list(module)[1:]:
        h = part(h)
    cr.nn.torch_bridge.torch_loss(net)(h, torch.from_numpy(net.as_targets(x, y))).backward()
    shown = dict(_images(viz.feature_maps(net, x, y, sample=1)))
    assert len(shown) == 1 + 3 * 3
    np.testing.assert_array_equal(shown["input"], x[1, 0])
    for o in range(3):
        np.testing.assert_array_equal(shown[f"kernel {o}"], net.layers[0].K[o, 0])
        np.testing.assert_allclose(shown[f"map {o}"], maps.detach().numpy()[1, o], rtol=1e-12)
        np.testing.assert_allclose(shown[f"δ {o}"], maps.grad.numpy()[1, o], rtol=1e-10,
                                   atol=1e-15)
    assert len(_images(viz.feature_maps(net, x))) == 1 + 2 * 3  # no targets: no δ row


def test_refused_for_a_network_without_a_convolution() -> None:
    net = cr.Network([cr.RNN(2, 3), cr.Dense(3, 1)], loss=cr.MeanSquaredError())
    with pytest.raises(ConfigError, match="drawn for a network with a Conv2D layer"):
        viz.feature_maps(net, np.zeros((1, 2, 2)))


def test_explain_plot_draws_the_maps_or_refuses_before_any_work(tmp_path) -> None:
    runner = CliRunner()
    path = tmp_path / "maps.png"
    result = runner.invoke(app, ["explain", "--example", "conv", "--plot", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = runner.invoke(app, ["explain", "--example", "pool", "--plot",
                                 str(tmp_path / "r.png")])
    assert result.exit_code != 0 and "--plot draws dense networks" in result.output
    assert "Window by window" not in result.output and not (tmp_path / "r.png").exists()
