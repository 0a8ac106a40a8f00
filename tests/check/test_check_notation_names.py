"""The parse-name face of explain's notations: each quantity's name as the formula parser reads
it, so a learner's formula can be matched with the network (expected names written by hand)."""

from __future__ import annotations

import pytest
import sympy

from chainrule.calculus import parse
from chainrule.calculus.printing.latex import name_latex
from chainrule.errors import ConfigError
from chainrule.explain.letter_names import parse_name
from chainrule.explain.notation import PRESETS, custom_notation
from chainrule.explain.quantity_names import Namer, shift_layer

WIDTHS = (2, 3, 2)  # input, hidden, output


@pytest.mark.parametrize(("preset", "expected"), [
    # (δ of output unit 2, weight from hidden unit 1 to output unit 2, output unit 2's post,
    #  hidden unit 3's signal, target 2, loss)
    ("lfd", ("delta_2^(L)", "w_12^(L)", "x_2^(L)", "s_3^(1)", "y_2", "e")),
    ("nielsen", ("delta_2^(L)", "w_21^(L)", "a_2^(L)", "z_3^(2)", "y_2", "C")),
    ("mitchell", ("delta_7", "w_73", "o_7", "net_5", "t_7", "E")),  # units 1..7 through the net
    ("cs231n", ("dz_2^(2)", "W_12^(2)", "yhat_2", "z_3^(1)", "y_2", "L")),  # (z_1)_3 -> z_3^(1)
    ("jhz", ("delta_2^(2)", "w_21^(2)", "h_2^(3)", "z_3^(1)", "y_2", "J")),
])
def test_each_preset_names_the_same_quantities_its_own_way(preset, expected) -> None:
    names = Namer(PRESETS[preset], WIDTHS)
    got = (names.plain("delta", 2, 1), names.plain("weight", 2, 0, 1), names.plain("post", 2, 1),
           names.plain("pre", 1, 2), names.plain("target", 1), names.plain("loss"))
    assert got == expected


def test_general_names_with_letters_and_symbolic_layers() -> None:
    lfd, nielsen = (Namer(PRESETS[k], WIDTHS) for k in ("lfd", "nielsen"))
    assert lfd.plain("delta", "l+1", "j") == "delta_j^(l+1)"
    assert lfd.plain("weight", "l", "i", "j") == "w_ij^(l)"  # from i to j
    assert nielsen.plain("weight", "L-m+1", "j", "i") == "w_ij^(L-m+1)"  # to i from j
    assert nielsen.plain("post", "L-m", "j") == "a_j^(L-m)"
    jhz = Namer(PRESETS["jhz"], WIDTHS)
    assert jhz.plain("post", "L-m", "j") == "h_j^(L-m+1)"  # h of layer l is tagged l+1
    assert jhz.plain("post", "l", "j") == "h_j^(l+1)"


def test_numeric_names_and_bias_as_weight() -> None:
    lfd = Namer(PRESETS["lfd"], WIDTHS)
    assert lfd.plain("delta", 2, 0, numeric=True) == "delta_1^(2)"
    assert lfd.plain("bias", 1, 2) == "w_03^(1)"  # x_0 = 1 feeds the bias
    assert lfd.plain("post", 0, 1) == "x_2^(0)"
    assert Namer(PRESETS["lfd"], (2, 3, 1)).plain("target", 0) == "y_n"  # one output


def test_vectors() -> None:
    cs231n = Namer(PRESETS["cs231n"], WIDTHS)
    assert (cs231n.plain("delta_vector", 2), cs231n.plain("post_vector", 2),
            cs231n.plain("target_vector")) == ("dz_2", "yhat", "y")
    assert Namer(PRESETS["lfd"], WIDTHS).plain("pre_vector", 2) == "s^(L)"  # bold s


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_latex_name_reads_back_as_its_plain_name(preset: str) -> None:
    names = Namer(PRESETS[preset], WIDTHS)
    latex_and_plain = []
    for layer in (1, 2):
        for j in range(WIDTHS[layer]):
            for kind in ("pre", "post", "delta", "bias"):
                latex = getattr(names, kind)(layer, j)
                latex_and_plain.append((latex, names.plain(kind, layer, j)))
            for i in range(WIDTHS[layer - 1]):
                latex_and_plain.append((names.weight(layer, i, j),
                                        names.plain("weight", layer, i, j)))
    assert len({plain for _, plain in latex_and_plain}) == len(latex_and_plain)  # all distinct
    for name, plain in latex_and_plain:
        if not name.entry:  # row-vector entries have no parser name of their own
            assert parse(name_latex(name)) == sympy.Symbol(plain), name


def test_custom_notation_and_a_name_the_parser_cannot_read() -> None:
    names = Namer(custom_notation("loss=J,post=h,pre=z"), WIDTHS)
    assert (names.plain("loss"), names.plain("post", 1, 0)) == ("J", "h_1^(2)")
    with pytest.raises(ConfigError, match="not a name the formula parser reads"):
        Namer(custom_notation(r"pre=\ell"), WIDTHS).plain("pre", 1, 0)
    with pytest.raises(ConfigError, match="not one symbol"):
        parse_name("x + y")
    with pytest.raises(ConfigError, match="`kind` must be one of"):
        names.plain("gradient", 1)


@pytest.mark.parametrize(("layer", "shift", "expected"), [
    ("l", 1, "l+1"), ("l+1", -1, "l"), ("L-1", 1, "L"), ("L", -2, "L-2"),
    ("L-m", 1, "L-m+1"), ("L-m+1", -1, "L-m"), ("2", 1, "2"),
])
def test_shift_layer(layer: str, shift: int, expected: str) -> None:
    assert shift_layer(layer, shift) == expected
