"""For teachers: randomized backprop exercises with worked answer keys, and grading a class.

>>> import chainrule as cr
>>> ex = cr.exercise((2, 2, 1), ask=["delta_1^(L)", "w_11^(2)"], variants=3)
>>> ex.write("exercise")                                     # doctest: +SKIP
>>> book = cr.grade("answers.csv", "exercise/exercise.json")  # doctest: +SKIP

Names are loaded on first use so that importing this package stays cheap.
"""

from __future__ import annotations

from chainrule._lazy import lazy_exports

_EXPORTS = {
    "exercise": "chainrule.teach.exercise_set",
    "Exercise": "chainrule.teach.exercise_set",
    "Template": "chainrule.teach.template",
    "grade": "chainrule.teach.grading",
    "GradeBook": "chainrule.teach.gradebook",
    "read_exercise": "chainrule.teach.exercise_file",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
