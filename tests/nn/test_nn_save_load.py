"""Saving and loading: exact round trips, clear errors on bad files, atomic writes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

import chainrule as cr
from chainrule.errors import ModelFileError


def _network(dtype: str = "float64") -> cr.Network:
    return cr.Network(
        [cr.Dense(3, 5), cr.LeakyReLU(0.23), cr.Dense(5, 4, bias=False), cr.Tanh(),
         cr.Dense(4, 3)],
        loss=cr.SoftmaxCrossEntropy(reduction="sum"), dtype=dtype, seed=11,
    )


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_round_trip_gives_bitwise_identical_predictions(tmp_path: Path, dtype: str) -> None:
    net = _network(dtype)
    x = np.random.default_rng(0).normal(size=(20, 3)) * 3
    path = tmp_path / "model.npz"
    net.save(str(path))
    loaded = cr.Network.load(str(path))
    assert loaded.dtype == np.dtype(dtype)
    assert loaded.summary() == net.summary()
    assert loaded.parameter_names == ["W1", "b1", "W2", "W3", "b3"]
    assert loaded.layers[1].slope == 0.23
    assert loaded.loss.reduction == "sum"
    for ours, theirs in zip(net.parameters, loaded.parameters, strict=True):
        assert theirs.dtype == ours.dtype
        np.testing.assert_array_equal(ours, theirs)
    assert np.array_equal(net.forward(x), loaded.forward(x))
    assert np.array_equal(net.predict_proba(x), loaded.predict_proba(x))
    assert list(tmp_path.iterdir()) == [path]  # no temporary files left


def test_suffix_is_added_when_missing(tmp_path: Path) -> None:
    _network().save(str(tmp_path / "model"))
    assert (tmp_path / "model.npz").exists()
    assert cr.Network.load(str(tmp_path / "model.npz")).n_outputs == 3
    assert cr.Network.load(tmp_path / "model").n_outputs == 3  # the name it was saved under


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "model.npz"
    _network().save(str(path))
    return path


def test_truncated_file(saved: Path) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match="truncated or corrupted"):
        cr.Network.load(str(saved))


def test_corrupted_bytes_never_load_silently_wrong(saved: Path) -> None:
    """Damage 16 bytes at a time, all over the file: each load either raises
    ModelFileError, or (when only redundant zip metadata was hit) gives the same network."""
    original = _network()
    data = saved.read_bytes()
    refused = 0
    for start in range(0, len(data), 11):
        damaged = bytearray(data)
        for i in range(start, min(start + 16, len(data))):
            damaged[i] ^= 0xA5
        saved.write_bytes(bytes(damaged))
        try:
            loaded = cr.Network.load(str(saved))
        except ModelFileError as error:
            assert saved.name in str(error)
            refused += 1
            continue
        assert loaded.summary() == original.summary(), start
        for ours, theirs in zip(original.parameters, loaded.parameters, strict=True):
            assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), start
    assert refused > len(data) // 11 // 2  # most damage is detected


def _rewrite_architecture(path: Path, change) -> None:
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    spec = json.loads(arrays["__architecture__"].tobytes().decode())
    change(spec)
    arrays["__architecture__"] = np.frombuffer(json.dumps(spec).encode(), np.uint8)
    np.savez(path, **arrays)


def test_wrong_format_version(saved: Path) -> None:
    _rewrite_architecture(saved, lambda spec: spec.update(format_version=99))
    with pytest.raises(ModelFileError, match="format version 99"):
        cr.Network.load(str(saved))


def test_architecture_naming_an_unknown_activation(saved: Path) -> None:
    _rewrite_architecture(saved, lambda spec: spec["layers"][1].update(name="swish"))
    with pytest.raises(ModelFileError, match="swish"):
        cr.Network.load(str(saved))


def test_parameter_of_the_wrong_shape(saved: Path) -> None:
    with np.load(saved, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["W1"] = np.zeros((2, 2))
    np.savez(saved, **arrays)
    with pytest.raises(ModelFileError, match="W1"):
        cr.Network.load(str(saved))


def test_npz_that_is_not_a_chainrule_model(tmp_path: Path) -> None:
    path = tmp_path / "other.npz"
    np.savez(path, weights=np.ones(3))
    with pytest.raises(ModelFileError, match="not a chainrule model"):
        cr.Network.load(str(path))


def test_zip_and_text_files_that_are_not_npz(tmp_path: Path) -> None:
    text = tmp_path / "notes.npz"
    text.write_text("hello")
    with pytest.raises(ModelFileError, match=r"expected an \.npz archive") as info:
        cr.Network.load(str(text))
    assert "allow_pickle" not in str(info.value)  # never advise loading unsafely
    archive = tmp_path / "archive.npz"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "not an array")
    with pytest.raises(ModelFileError):
        cr.Network.load(str(archive))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no model file"):
        cr.Network.load(str(tmp_path / "nothing.npz"))


def test_failed_write_leaves_existing_file_untouched(saved: Path, monkeypatch) -> None:
    before = saved.read_bytes()

    def broken_savez(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken_savez)
    other = cr.Network([cr.Dense(3, 2)], loss=cr.MeanSquaredError(), seed=0)
    with pytest.raises(OSError, match="disk full"):
        other.save(str(saved))
    assert saved.read_bytes() == before
    assert list(saved.parent.iterdir()) == [saved]  # the temporary file is gone
    monkeypatch.undo()
    assert cr.Network.load(str(saved)).summary() == _network().summary()


def test_loading_never_unpickles(saved: Path) -> None:
    """An object array (which would need pickle) is refused, not executed."""
    with np.load(saved, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["W1"] = np.array([object()] * 15, dtype=object).reshape(3, 5)
    np.savez(saved, **arrays)
    with pytest.raises(ModelFileError):
        cr.Network.load(str(saved))


def _replace_parameter(path: Path, name: str, values: np.ndarray) -> None:
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    arrays[name] = values
    np.savez(path, **arrays)


def test_parameter_stored_as_strings_is_refused(saved: Path) -> None:
    _replace_parameter(saved, "W1", np.full((3, 5), "w"))
    with pytest.raises(ModelFileError, match=r"W1 should hold numbers.*found dtype <U1"):
        cr.Network.load(str(saved))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_parameter_with_non_finite_values_is_refused(saved: Path, bad: float) -> None:
    values = np.zeros((5, 4))
    values[1, 2] = bad
    _replace_parameter(saved, "W2", values)
    with pytest.raises(ModelFileError, match="W2 should hold finite numbers; found 1 NaN"):
        cr.Network.load(str(saved))
