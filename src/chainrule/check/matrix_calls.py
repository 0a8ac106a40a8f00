r"""The primaries of a matrix claim: numbers, names, groups, fractions, sums and calls.

``\frac{1}{m}``, ``\sum_n dz``, ``Σₙ dz``, ``\sum_{i=1}^{m}``, ``np.sum(dz, axis=0)``,
``np.dot(a1.T, dz2)``, ``\sigma'(z^{(l)})``, ``g^{[l]\prime}(Z^{[l]})``, ``\hat{y}``,
``\nabla_a C``; see :mod:`chainrule.check.matrix_read`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainrule.check.matrix_nodes import FUNCTIONS, LETTERS, Name, Node

if TYPE_CHECKING:
    from chainrule.check.matrix_read import MatrixReader

_STYLE = {"mathrm", "mathbf", "boldsymbol", "text", "operatorname"}


def read_primary(r: MatrixReader) -> Node:
    token = r.peek()
    if token.kind == "num":
        r.take()
        return ("num", float(token.text))
    if r.at("(") or r.at("{"):
        opening = r.take()
        node = r.expression()
        r.expect(")" if opening.text == "(" else "}")
        return node
    if r.at("Σ"):
        return _sum(r)
    if r.at("∂"):
        return _partial(r)
    if token.kind == "np":
        return _numpy(r)
    if token.kind == "word":
        return _word(r)
    raise r.error(f"expected a number, a name or '(' but found '{token.text or 'the end'}'")


def _word(r: MatrixReader) -> Node:
    token = r.take()
    word = token.text
    if word in ("frac", "dfrac", "tfrac"):
        top = _braced(r)
        return ("div", top, _braced(r), token.pos, "/")
    if word in _STYLE:
        word = _styled(r)
    if word == "d" and r.peek().text in _STYLE:  # Ng's notes: d\mathbf{W}, \mathbf{d}\mathbf{z}
        r.take()
        word += _styled(r)
    if word == "hat":
        r.expect("{") if r.at("{") else None
        letter = r.take().text
        r.expect("}") if r.at("}") else None
        word = letter + "hat"
    if word == "nabla":
        return _nabla(r, token)
    if word in FUNCTIONS or (word in LETTERS and _called(r)):
        return _call(r, word, token)
    if r.peek().kind == "num" and r.peek().pos == token.pos + len(token.text):
        digits = r.take().text  # dZ2, a1: digits glued to the name are its subscript
        return ("name", Name(word, digits, "", token.pos))
    return ("name", r.name(word, token.pos))


def _styled(r: MatrixReader) -> str:
    """The name in the braces of ``\\mathbf{...}`` and the like, the command taken."""
    r.expect("{")
    inner = r.take()
    r.expect("}")
    return inner.text


def _called(r: MatrixReader) -> bool:
    """``σ(z)``, ``σ'(z)``, ``g^{[l]\\prime}(Z)``, ``g^{[l]}(Z)``."""
    if r.at("(") or r.at("'"):
        return True
    return r.at("^")


def _call(r: MatrixReader, word: str, token) -> Node:
    primes, tag = 0, ""
    if r.at("^") and word in LETTERS:
        r.take()
        braced = r.at("{")
        if braced:
            r.take()
        if r.at("[") or r.at("("):
            closing = "]" if r.take().text == "[" else ")"
            while not r.at(closing):
                tag += r.take().text
            r.take()
        while r.at("'"):
            r.take()
            primes += 1
        if braced:
            r.expect("}")
    while r.at("'"):
        r.take()
        primes += 1
    if primes > 1:
        raise r.error("only a first derivative can be written with a prime", token)
    r.expect("(")
    argument = r.expression()
    r.expect(")")
    return ("call", word, primes, argument, token.pos, tag)


def _braced(r: MatrixReader) -> Node:
    if r.at("{"):
        r.take()
        node = r.expression()
        r.expect("}")
        return node
    return read_primary(r)


def _sum(r: MatrixReader) -> Node:
    """``Σₙ x``, ``\\sum_{n} x``, ``\\sum_{i=1}^{m} x``: a sum over an index."""
    token = r.take()
    index = ""
    if r.at("_"):
        r.take()
        index = r._script().partition("=")[0]
    if r.at("^"):  # the upper limit: the index runs over all of them
        r.take()
        r._script() if r.at("{") else r.take()
    if not index:
        raise r.error("a sum needs its index, as in \\sum_n dz (over the samples n)", token)
    return ("sum", r.unary(), index, token.pos)


def read_method(r: MatrixReader, node: Node) -> Node:
    """``a1.T.dot(dz2)``, ``dz2.sum(axis=0)``, ``A.transpose()``: NumPy's method for ``node``,
    read as its function, ``np.dot(a1.T, dz2)``, ``np.sum(dz2, axis=0)``."""
    token = r.take()
    function = token.text[1:]
    r.expect("(")
    if function == "transpose":
        r.expect(")")
        return ("T", node)
    first = node if function != "dot" else r.expression()
    arguments, axis, keep = _arguments(r, [node, first] if function == "dot" else [node],
                                       comma=function == "dot")  # fmt: skip
    return _numpy_node(r, function, arguments, axis, keep, token)


def _numpy(r: MatrixReader) -> Node:
    token = r.take()
    function = token.text.partition(".")[2]
    r.expect("(")
    first = r.expression()
    arguments, axis, keep = _arguments(r, [first], comma=True)
    return _numpy_node(r, function, arguments, axis, keep, token)


def _arguments(r: MatrixReader, arguments: list[Node],
               comma: bool) -> tuple[list[Node], int | None, bool]:  # fmt: skip
    """The rest of a call's arguments up to ``)``: more arrays, ``axis=k``, ``keepdims=True``
    (``comma``: a comma comes before the next one)."""
    axis, keep = None, False
    while r.at(",") or (not comma and not r.at(")")):
        if r.at(","):
            r.take()
        comma = True
        if r.at("axis") and r.at("=", 1):
            r.take(), r.take()
            sign = -1 if r.at("-") and r.take() else 1
            axis = sign * int(float(r.take().text))
        elif r.at("keepdims") and r.at("=", 1):
            r.take(), r.take()
            keep = r.take().text == "True"
        else:
            arguments.append(r.expression())
    r.expect(")")
    return arguments, axis, keep


def _numpy_node(r: MatrixReader, function: str, arguments: list[Node], axis: int | None,
                keep: bool, token) -> Node:  # fmt: skip
    first = arguments[0]
    if function in ("sum", "mean"):
        node = ("npsum", first, axis, keep, token.pos)
        return ("div", node, ("name", Name("N", "", "", token.pos)), token.pos, "/") \
            if function == "mean" else node
    if function == "transpose":
        return ("T", first)
    if function in FUNCTIONS:
        return ("call", function, 0, first, token.pos, "")
    if function == "square":
        return ("pow", first, 2.0)
    if function == "power":
        if len(arguments) != 2 or arguments[1][0] != "num":
            raise r.error("np.power takes an array and a number here", token)
        return ("pow", first, arguments[1][1])
    if len(arguments) != 2:
        raise r.error(f"np.{function} takes two arrays here", token)
    kind = "emul" if function == "multiply" else "matmul"
    return (kind, arguments[0], arguments[1], token.pos, f"np.{function}")


def _partial(r: MatrixReader) -> Node:
    """``∂e/∂𝐱^{(L)}``: the gradient of the loss by a whole layer's quantity."""
    token = r.take()
    loss = r.take()
    if loss.kind != "word":
        raise r.error("expected the loss after ∂, as in ∂e/∂x^{(L)}", loss)
    r.expect("/")
    r.expect("∂")
    bottom = r.take()
    if bottom.kind != "word":
        raise r.error("expected a quantity after ∂, as in ∂e/∂x^{(L)}", bottom)
    return ("grad", r.name(bottom.text, bottom.pos), loss.text, token.pos)


def _nabla(r: MatrixReader, token) -> Node:
    """``\\nabla_a C``: the gradient of the loss with respect to the network's output."""
    r.expect("_")
    of = r._script()
    loss = r.take()
    return ("name", Name("nabla", of, loss.text, token.pos))
