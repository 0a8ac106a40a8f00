"""Latency of `chainrule check`: seconds per case for every case of tests/check (and a few
hostile ones). The issue asks for an answer within 2 s whatever is typed.

Run: ``.venv/bin/python bench/check_latency.py``. ``measure()`` returns the rows for bench/run.py.
"""

from __future__ import annotations

import time

TANH = ("(x-y)^2", "s", ["x=tanh(s)"])
HALF = ("1/2 (t-a)^2", "z", ["a=sigmoid(z)"])
SOFTMAX = ("-(y_1 log(yhat_1) + y_2 log(yhat_2) + y_3 log(yhat_3))", "z_1",
           [f"yhat_{k}=softmax_{k}(z_1,z_2,z_3)" for k in (1, 2, 3)])

FREE: list[tuple[str, tuple[str, str, list[str] | None]]] = [
    ("2(x-y)(1-x^2)", TANH), ("2x - 2y - 2x^3 + 2x^2 y", TANH),
    ("2(tanh(s)-y)(1-tanh(s)^2)", TANH), ("8(tanh(s)-y)/(e^s+e^{-s})^2", TANH),
    ("(2x-2y)(1-x)(1+x)", TANH), ("-(t-a) a (1-a)", HALF), ("(a-t)(a - a^2)", HALF),
    ("(σ(z)-t) σ(z)(1-σ(z))", HALF), ("(1/(1+e^{-z}) - t) e^{-z}/(1+e^{-z})^2", HALF),
    ("2(y-x)(1-x^2)", TANH), ("y-x", ("(x-y)^2/2", "x", None)), ("(x-y)(1-x^2)", TANH),
    ("2(a-t) a(1-a)", HALF), ("2(x-y)", TANH), ("2(x-y)(1-tanh(x)^2)", TANH),
    ("(a-t) σ(a)(1-σ(a))", HALF), ("2(x-y)(1-x^2)^2", TANH), ("2(x-y)(1-x^2) s", TANH),
    ("2(x-y)", ("1/N (x-y)^2", "x", None)), ("2(x-y)/N", ("1/N (x-y)^2", "x", None)),
    ("2(y-x)(1-y^2)", TANH), ("x + y", TANH),
    ("e^{-x}/(1+e^{-x})^2", ("1/(1+e^{-x})", "x", None)),
    ("a(1-a)", ("1/(1+e^{-net_k})", "net_k", ["a=1/(1+e^{-net_k})"])),
    ("2h", ("(y-h)^2", "h", None)), ("yhat_1 - y_1", SOFTMAX),
    ("(a+b+c+d)^999", ("x", "x", None)), ("tanh(tanh(tanh(tanh(x))))^50", ("x^2", "x", None)),
]
NETWORK: list[tuple[str, str, bool]] = [
    (r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)", "lfd", False),
    (r"\delta_1^{(L)} = 2(y_n-x_1^{(L)})(1-(x_1^{(L)})^2)", "lfd", False),
    (r"\delta_j^{(L-m)} = g'(z_j^{(L-m)}) \sum_i w_{ij}^{(L-m+1)} \delta_i^{(L-m+1)}",
     "nielsen", False),
    (r"\delta_i^{(l)} = (1-(x_i^{(l)})^2) \sum_j w_{ij}^{(l+1)} \delta_j^{(l+1)}", "lfd", False),
    (r"\delta_i^{(l)} = (1-(x_i^{(l)})^2) w_{ij}^{(l+1)} \delta_j^{(l+1)}", "lfd", False),
    (r"\delta_h = o_h(1-o_h) \sum_k w_{kh} \delta_k", "mitchell", False),
    (r"dz_2 = \hat{y} - y", "cs231n", False), (r"dz_2 = \hat{y} - y", "cs231n", True),
    (r"\frac{\partial C}{\partial z_1^{(2)}} = \sigma'(z_1^{(2)}) \sum_k w_{k1}^{(3)} "
     r"\sigma'(z_k^{(3)}) \sum_m w_{mk}^{(4)} (a_m^{(4)}-y_m) \sigma'(z_m^{(4)})", "nielsen",
     False),  # written down to the loss through two layers
]


def measure() -> list[tuple[str, float, str]]:
    """``(case, seconds, verdict)`` for every case."""
    from chainrule.check import check_derivative, check_network_claim
    from chainrule.errors import ChainruleError

    rows = []
    for claim, (of, wrt, where) in FREE:
        rows.append(_timed(f"{claim}  d/d{wrt} {of}",
                           lambda c=claim, o=of, w=wrt, h=where: check_derivative(c, o, w, h),
                           ChainruleError))
    for claim, example, simplex in NETWORK:
        rows.append(_timed(f"{claim}  [{example}{', Σy=1' if simplex else ''}]",
                           lambda c=claim, e=example, s=simplex: check_network_claim(
                               c, example=e, targets_sum_to_one=s), ChainruleError))
    return rows


def _timed(name: str, run, refused: type[Exception]) -> tuple[str, float, str]:
    start = time.perf_counter()
    try:
        verdict = run().verdict
    except refused as error:
        verdict = f"refused ({type(error).__name__})"
    return name, time.perf_counter() - start, verdict


def main() -> None:
    import chainrule.check  # noqa: F401 - import time is not part of a check

    rows = measure()
    width = max(len(name) for name, _, _ in rows)
    for name, seconds, verdict in rows:
        print(f"{name:<{width}}  {seconds:6.3f} s  {verdict}")
    worst = max(seconds for _, seconds, _ in rows)
    print(f"worst: {worst:.3f} s over {len(rows)} cases (limit 2 s)")


if __name__ == "__main__":
    main()
