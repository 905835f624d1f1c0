"""The dev set: hand-labelled real postings (fixtures/normalize/devset), classified from their
text alone, as `opportunities normalize` does, and scored against the goals of issue 3."""

from __future__ import annotations

import pytest

from normalize.scoring import evaluate, load_examples, table


def test_devset_meets_the_goals() -> None:
    examples = load_examples()
    if not examples:
        pytest.skip("no dev set labelled yet")
    scores = evaluate(examples)
    print(f"\n{len(examples)} labelled postings\n{table(scores)}")
    failures = [problem for score in scores for problem in score.failures()]
    assert not failures, "\n".join(failures)
