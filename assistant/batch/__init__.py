"""Batch review of a whole department's table: every project checked, vague indicators
rewritten, missing categories filled, written to a review workbook and a report; resumable.

    plan = prepare(BatchOptions(input=Path("部门表.xlsx")))     # all checks, journal opened
    execute(plan, load_index(), on_result=..., stop=Stop())     # one job per project
    close(plan, write_outputs(plan))                            # workbook + report
"""

from assistant.batch.plan import BatchOptions, BatchPlan, prepare
from assistant.batch.results import ProjectResult
from assistant.batch.run import abandon, close, execute, write_outputs
from assistant.batch.runner import Stop

__all__ = [
    "BatchOptions",
    "BatchPlan",
    "ProjectResult",
    "Stop",
    "abandon",
    "close",
    "execute",
    "prepare",
    "write_outputs",
]
