"""Variants: reproducible from their seeds, with pleasant numbers, and true answers that agree
with `explain` and with PyTorch autograd."""

from __future__ import annotations

import json

import numpy as np
import pytest

from chainrule.explain import explain
from chainrule.teach import exercise
from chainrule.teach.draw import seed_number
from chainrule.teach.exercise_file import read_exercise

# The quantities of a 2-3-2 network asked in each notation: output δ, hidden δ, a weight of
# each layer, both layers' matrices, and an update (names as each course spells them).
ASKED = {
    "lfd": ["delta_2^(L)", "delta_3^(1)", "w_31^(2)", "w_13^(1)", "layer 1", "layer 2",
            "update w_21^(2)", "w_02^(2)"],
    "nielsen": ["delta_2^(L)", "delta_3^(2)", "w_13^(3)", "w_31^(2)", "layer 2", "layer 3",
                "update w_12^(3)", "b_2^(3)"],
    "mitchell": ["delta_7", "delta_5", "w_65", "w_51", "layer 1", "layer 2", "update w_64"],
    "seed003": ["delta_2^(2)", "delta_3^(1)", "w_13^(2)", "w_31^(1)", "layer 1", "layer 2"],
}
#: Each course's conventions, from the notations' references: Mitchell's δ is −∂E/∂net, and
#: courses that write w_jk (to, from) write a layer's gradient as n_out × n_in.
DELTA_SIGN = {"lfd": 1, "nielsen": 1, "mitchell": -1, "seed003": 1}
TO_FROM = {"lfd": False, "nielsen": True, "mitchell": True, "seed003": True}


def _expected(question, ref, notation, lr):
    layer, i, j = question.quantity
    if question.kind == "delta":
        return DELTA_SIGN[notation] * ref.delta[layer][0, j]
    if question.kind == "weight" or (question.kind == "update" and question.of == "weight"):
        gradient = ref.grad_W[layer][i, j]
    elif question.kind in ("bias", "update"):
        gradient = ref.grad_b[layer][j]
    else:
        matrix = ref.grad_W[layer]
        return matrix.T if TO_FROM[notation] else matrix
    if question.kind == "update":
        return question.weight - lr * gradient
    return gradient


@pytest.mark.parametrize("notation", sorted(ASKED))
def test_every_answer_is_pytorchs_in_the_courses_conventions(notation, torch_reference):
    made = exercise((2, 3, 2), notation=notation, ask=ASKED[notation], variants=2, seed=5)
    for variant in made.variants:
        ref = torch_reference(variant.parameters, variant.x, variant.y, "sigmoid", "sigmoid",
                        "half_squared_error")
        for question in variant.questions:
            expected = _expected(question, ref, notation, made.template.lr)
            assert np.allclose(question.value, expected, rtol=1e-10, atol=1e-13), question


def test_update_weight_is_the_parameter_before_the_step(small_exercise):
    variant = small_exercise.variants[0]
    update = variant.questions[3]
    W2 = variant.parameters[2]  # layer 2's W, engine layout (from, to)
    assert update.weight == W2[1, 0]


def test_answers_are_the_values_explain_shows(small_exercise):
    """LFD: δ = ∂e/∂s and W from i to j, so explain's closing check shows the value itself."""
    from chainrule.teach.variant import network

    for variant in small_exercise.variants:
        net = network(small_exercise.template, variant)
        for question, shown in zip(variant.questions, variant.explanations, strict=True):
            again = explain(net, variant.x, variant.y, question.engine_quantity(), "lfd")
            assert again.to_markdown() == shown.to_markdown()
            expected = again.check.backprop
            if question.kind == "update":
                expected = question.weight - small_exercise.template.lr * expected
            assert np.allclose(question.value, expected, rtol=1e-12, atol=0)


def test_the_key_holds_explains_derivation(small_exercise):
    key = small_exercise.key("markdown")
    variant = small_exercise.variants[1]
    for shown in variant.explanations:
        body = shown.to_markdown().split("\n", 1)[1]  # explain's text below its title
        section = body.split("## The check")[0].replace("\n#", "\n###")
        assert section.strip()[:400] in key


def test_a_seed_gives_the_same_variant_every_time():
    first = exercise((2, 2, 1), ask=["w_11^(2)", "layer 1"], variants=3, seed=40)
    again = exercise((2, 2, 1), ask=["w_11^(2)", "layer 1"], variants=3, seed=40)
    assert first.to_json() == again.to_json()
    one = exercise((2, 2, 1), ask=["w_11^(2)", "layer 1"], seeds=["41"])
    assert json.loads(one.to_json())["variants"][0] == json.loads(first.to_json())["variants"][1]
    values = {json.dumps(v["parameters"]) for v in json.loads(first.to_json())["variants"]}
    assert len(values) == 3


def test_a_student_id_is_a_seed():
    a = exercise((2, 2, 1), seeds=["ada.lovelace", "alan"])
    b = exercise((2, 2, 1), seeds=["alan", "ada.lovelace"])
    assert [v.id for v in a.variants] == ["ada.lovelace", "alan"]
    assert a.variants[0].parameters[0].tolist() == b.variants[1].parameters[0].tolist()
    assert seed_number("alan") == seed_number("alan") != seed_number("alan2")
    assert seed_number("17") == 17


@pytest.mark.parametrize(("activation", "output", "loss"), [
    ("sigmoid", None, "half_squared_error"), ("tanh", None, "squared_error"),
    ("relu", "sigmoid", "half_squared_error"),
])  # fmt: skip
def test_numbers_are_pleasant(activation, output, loss, torch_reference):
    made = exercise((2, 3, 1), activation=activation, output_activation=output, loss=loss,
                    ask=["delta_1^(L)", "w_21^(2)", "layer 1"], variants=8, seed=3)
    for variant in made.variants:
        for p in (*variant.parameters, variant.x):
            tenths = np.asarray(p) * 10
            assert np.allclose(tenths, np.round(tenths)) and np.all(np.abs(p) <= 1)
            assert np.all(p != 0)
        ref = torch_reference(variant.parameters, variant.x, variant.y, activation,
                        output or activation, loss)
        for layer, z in ref.z.items():
            kind = output or activation if layer == 2 else activation
            if kind in ("sigmoid", "tanh"):
                assert np.abs(z).max() <= 2.0  # no saturation
            else:
                assert np.abs(z).min() >= 0.1  # no ReLU signal at its kink
        delta, weight, matrix = (q.value for q in variant.questions)
        assert abs(delta) >= 0.01 and abs(weight) >= 0.01
        assert np.abs(matrix).min() >= 0.001


def test_the_exercise_file_round_trips(small_exercise, tmp_path):
    path = tmp_path / "ex" / "exercise.json"
    small_exercise.write(tmp_path / "ex", formats=())
    template, variants = read_exercise(path)
    assert template == small_exercise.template
    for read, made in zip(variants, small_exercise.variants, strict=True):
        assert read.questions == made.questions
        assert all(np.array_equal(a, b) for a, b in zip(read.parameters, made.parameters,
                                                         strict=True))


def test_an_exercise_file_naming_the_loss_by_its_old_name_still_reads(small_exercise, tmp_path):
    """Exercise files written before ``half_sse`` was renamed still read, as the same exercise
    (the variants are drawn for the same loss)."""
    small_exercise.write(tmp_path / "ex", formats=())
    path = tmp_path / "ex" / "exercise.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["template"]["loss"] == "half_squared_error"
    data["template"]["loss"] = "half_sse"
    path.write_text(json.dumps(data), encoding="utf-8")
    template, _ = read_exercise(path)
    assert template == small_exercise.template and template.loss == "half_squared_error"
