"""Are the drafting constants load-bearing? Each one is mutated in turn and the drafting tests
are run; a mutation that no test notices is a constant nothing depends on.

    python benchmarks/mutate_draft.py

Uses the JIXIAO_MUTATE hook of tests/conftest.py ("module:NAME=value", read at session start).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = [
    "tests/test_draft.py",
    "tests/test_types.py",
    "tests/test_lexicon.py",
    "tests/test_facts.py",
    "tests/test_checks_types.py",
    "tests/test_evaluation.py::test_drafts_over_the_whole_corpus_meet_the_targets",
]
MUTATIONS = [
    "assistant.project_types:GOAL_WEIGHT=0.0",
    "assistant.project_types:GOAL_WEIGHT=1.0",
    "assistant.project_types:LAST_WORD_BONUS=0.0",
    "assistant.project_types:MIN_SCORE=4.0",
    "assistant.project_types:SECOND_SHARE=0.9",
    "assistant.project_types:SECOND_SHARE=0.1",
    "assistant.draft.composer:SAME_LINE=0.9",
    "assistant.draft.composer:PER_LEVEL2=1",
    "assistant.draft.twin:TWIN_NAME=0.95",
    "assistant.draft.twin:MIN_RECORDS=50",
    "assistant.draft.candidates:OWN_NAME=0",
    "assistant.draft.candidates:REAL_LINES=0",
    "assistant.draft.candidates:SUPPORT=0",
    "assistant.lexicon:SAME_NAME=0.45",
    "assistant.lexicon:SAME_SUBJECT=0.9",
]


def main() -> None:
    survived = []
    for mutation in MUTATIONS:
        env = {**os.environ, "JIXIAO_MUTATE": mutation}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *TESTS],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        caught = run.returncode != 0
        print(f"{'caught  ' if caught else 'SURVIVED'} {mutation}")
        if not caught:
            survived.append(mutation)
    print(f"{len(MUTATIONS) - len(survived)} of {len(MUTATIONS)} mutations caught by the tests")


if __name__ == "__main__":
    main()
