"""The TUI's session state: the projects of the open table, the suggestions offered for them, the
user's decisions (accept / edit / reject), an undo stack, the conversation per project, and the
assembly of the exported table. Pure Python and pydantic, no Textual: the screens only render it.

Export rule: an original indicator is kept (with its edits) unless the user rejected it or
accepted a rewrite that replaces it — the accepted rewrites then take its place; accepted or
edited additions are appended after the originals.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from assistant.categories import LEGACY, MODERN
from assistant.schema import Evidence, Indicator, Project, Refinement, Suggestion, Table
from assistant.similarity import clean_name

if TYPE_CHECKING:
    from assistant.renew import Renewal

Status = Literal["original", "accepted", "edited", "rejected", "suggested"]
Kind = Literal["original", "rewrite", "addition"]
GoalDecision = Literal["suggested", "accepted", "rejected"]
Role = Literal["user", "assistant"]

STATUS_LABELS: dict[str, str] = {
    "original": "原指标",
    "accepted": "已接受",
    "edited": "已编辑",
    "rejected": "已拒绝",
    "suggested": "建议",
    "replaced": "已替换",
}
KEPT: frozenset[str] = frozenset({"accepted", "edited"})
UNDO_DEPTH = 200
CATEGORY_ORDER: tuple[tuple[str, str], ...] = tuple(
    dict.fromkeys((l1, l2) for tree in (LEGACY, MODERN) for l1, l2s in tree.items() for l2 in l2s)
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def plain(indicator: Indicator) -> Indicator:
    """The indicator alone, without a suggestion's evidence and engine."""
    return Indicator.model_validate(indicator.model_dump(include=set(Indicator.model_fields)))


def offer_key(indicator: Indicator, kind: Kind) -> str:
    """What a rejection remembers: the name of an addition, the name and value of a rewrite."""
    name = clean_name(indicator.name)
    return f"{name}|{indicator.annual_value.text()}" if kind == "rewrite" else name


def category_rank(indicator: Indicator) -> int:
    pair = (indicator.level1, indicator.level2)
    return CATEGORY_ORDER.index(pair) if pair in CATEGORY_ORDER else len(CATEGORY_ORDER)


class Item(_Model):
    """One row of a project: an original indicator or a suggestion, with its decision."""

    id: str
    kind: Kind
    status: Status
    indicator: Indicator = Field(description="当前内容（编辑后的值）")
    offered: Suggestion | None = Field(None, description="建议的原样，连同依据")
    target: str | None = Field(None, description="改写所替换的原指标编号")
    alternatives: list[Suggestion] = Field(default_factory=list, description="「换一条」的后备候选")
    note: str = Field("", description="建议的来由")
    slot_reference: str = Field("", description="待填写的参考值（如续编时上年的取值）")
    query: str | None = Field(None, description="再找候选时用的检索文本")

    @property
    def evidence(self) -> list[Evidence]:
        return self.offered.evidence if self.offered else []

    @property
    def pending(self) -> bool:
        return self.status == "suggested"

    @property
    def kept(self) -> bool:
        return self.status in KEPT

    @property
    def slotted(self) -> bool:
        """Its value is a slot still to fill (`≥【请填写】人次`)."""
        period = self.indicator.period_value
        return self.indicator.annual_value.pending or bool(period and period.pending)

    @property
    def reference(self) -> str:
        """What helps fill its slot: similar projects' values, or last year's."""
        return (self.offered.reference if self.offered else "") or self.slot_reference

    def key(self) -> str:
        return offer_key(self.offered or self.indicator, self.kind)


class Turn(_Model):
    """One line of the conversation about a project."""

    role: Role
    text: str


class UndoEntry(_Model):
    key: str
    label: str
    before: list[Item]
    rejected: list[str]
    goal: tuple[str, str, GoalDecision] | None = None  # the goal, its offer and decision before


class ProjectState(_Model):
    """A project, its rows and what the user decided about them."""

    key: str
    project: Project
    items: list[Item] = Field(default_factory=list)
    rejected: list[str] = Field(default_factory=list, description="不再提供的建议")
    seen: list[str] = Field(default_factory=list, description="已换掉的建议")
    conversation: list[Turn] = Field(default_factory=list)
    drafted: bool = Field(False, description="在界面中新建并起草的项目")
    suggested: bool = Field(False, description="已为本项目生成过建议")
    goal_offer: str = Field("", description="建议的绩效目标（原表或表单没有写时起草的），待接受")
    goal_decision: GoalDecision = Field("suggested", description="对建议目标的决定")

    @model_validator(mode="before")
    @classmethod
    def _from_earlier_versions(cls, data: Any) -> Any:
        """A session saved before goals were suggestions: its drafted goal (written into the
        project, 「goal_drafted」) becomes the suggested goal it now is."""
        if isinstance(data, dict) and "goal_drafted" in data:
            data = dict(data)
            if data.pop("goal_drafted") and isinstance(data.get("project"), dict):
                project = dict(data["project"])
                data["goal_offer"], project["goal"] = project.get("goal", ""), ""
                data["project"] = project
        return data

    @property
    def goal_pending(self) -> bool:
        return bool(self.goal_offer) and self.goal_decision == "suggested"

    @property
    def undecided(self) -> int:
        """Suggestions still to accept or reject, a suggested goal included."""
        return len(self.pending()) + self.goal_pending

    next_id: int = 1

    @classmethod
    def from_project(cls, key: str, project: Project) -> ProjectState:
        items = [
            Item(id=original_id(n, ind), kind="original", status="original", indicator=ind)
            for n, ind in enumerate(project.indicators)
        ]
        return cls(key=key, project=project, items=items)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def replaced(self, original: str) -> bool:
        return any(i.target == original and i.kept for i in self.items)

    def status_label(self, item: Item) -> str:
        if item.kind == "original" and item.status != "rejected" and self.replaced(item.id):
            return STATUS_LABELS["replaced"]
        return STATUS_LABELS[item.status]

    def open_slots(self) -> list[Item]:
        """Rows whose value is a slot still to fill, among those that may be exported (not
        rejected, not replaced by a rewrite)."""
        gone = (STATUS_LABELS["rejected"], STATUS_LABELS["replaced"])
        return [i for i in self.rows() if i.slotted and self.status_label(i) not in gone]

    def rows(self) -> list[Item]:
        """Originals (each followed by its rewrites) and additions, grouped by category."""
        rewrites = [i for i in self.items if i.kind == "rewrite"]
        blocks: list[tuple[int, int, list[Item]]] = []
        for n, item in enumerate(self.items):
            if item.kind == "original":
                block = [item, *(r for r in rewrites if r.target == item.id)]
            elif item.kind == "addition":
                block = [item]
            else:
                continue
            blocks.append((category_rank(item.indicator), n, block))
        return [item for _, _, block in sorted(blocks, key=lambda b: b[:2]) for item in block]

    def pending(self) -> list[Item]:
        return [i for i in self.items if i.pending]

    def blocked(self, suggestion: Indicator, kind: Kind) -> bool:
        """True when a suggestion was rejected or shown before, or the project already has it."""
        key = offer_key(suggestion, kind)
        if key in self.rejected or key in self.seen:
            return True
        if kind == "rewrite":
            return any(i.kind == "rewrite" and i.key() == key for i in self.items)
        live = {clean_name(i.indicator.name) for i in self.items if i.status != "rejected"}
        return key in live

    def new_id(self) -> str:
        item_id = f"s{self.next_id}"
        self.next_id += 1
        return item_id

    def assembled(self) -> Project:
        """The project as it will be exported."""
        indicators = [i.indicator for i in self._exported_items()]
        return self.project.model_copy(update={"indicators": indicators})

    def exported(self) -> Project:
        """The project as written out: a slot still to fill carries its reference values (the
        table writers put them in the 待填写 column)."""
        indicators = [_with_reference(i) for i in self._exported_items()]
        return self.project.model_copy(update={"indicators": indicators})

    def _exported_items(self) -> list[Item]:
        out: list[Item] = []
        for item in self.items:
            if item.kind != "original":
                continue
            taking = [r for r in self.items if r.target == item.id and r.kept]
            if taking:
                out.extend(taking)
            elif item.status != "rejected":
                out.append(item)
        return out + [i for i in self.items if i.kind == "addition" and i.kept]

    def slots(self) -> int:
        """Exported lines whose value is still a slot to fill (`≥【请填写】人次`): the open
        slots less those in suggestions not decided yet."""
        return sum(not i.pending for i in self.open_slots())

    def library_indicators(self) -> list[Indicator]:
        """What the user accepted or edited: it goes to the user's own library on export."""
        return [i.indicator for i in self.items if i.kept]


def rewrite_note(refinement: Refinement) -> str:
    problems = [f.message for f in refinement.findings if f.severity in ("error", "warning")]
    return f"改写原因：{problems[0]}" if problems else "改写：更可衡量的写法"


def original_id(position: int, indicator: Indicator) -> str:
    digest = hashlib.sha1(indicator.name.encode()).hexdigest()[:8]
    return f"o{position}-{digest}"


def _unique_key(name: str, taken: set[str]) -> str:
    key, n = name, 2
    while key in taken:
        key, n = f"{name}（{n}）", n + 1
    return key


class Outstanding(NamedTuple):
    """Export's warning: suggestions not decided and slots not filled, and where."""

    suggestions: int
    slots: int
    projects: list[str]


_PROJECT_JSON = ProjectState.__pydantic_serializer__  # bytes, without model_dump_json's str


class Session(_Model):
    """Everything the user did with one table; autosaved as JSON after each decision."""

    table_path: str | None = None
    source: str | None = None
    department: str | None = None
    total: float | None = None
    projects: list[ProjectState] = Field(default_factory=list)
    current: str | None = None  # the project on screen when last saved: resuming reopens it
    _undo: list[UndoEntry] = PrivateAttr(default_factory=list)
    # Each project's JSON as last written, until it is reached by key again (`get`/`find`:
    # every change to a project goes through one of them, except `resumed`, which drops the
    # entries it changes): a save writes the others as they were instead of serialising
    # thousands of untouched projects after each decision.
    _written: dict[str, tuple[ProjectState, bytes]] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_table(cls, table: Table, path: str | None) -> Session:
        session = cls(
            table_path=path, source=table.source, department=table.department, total=table.total
        )
        taken: set[str] = set()  # the keys so far (asking the session each time is quadratic)
        for project in table.projects:
            key = _unique_key(project.name, taken)
            taken.add(key)
            session.projects.append(ProjectState.from_project(key, project))
        return session

    @classmethod
    def from_renewal(cls, renewal: Renewal, source: Table, labels: dict[str, str]) -> Session:
        """Last year's table renewed: each line an original noted with what renewal did to it
        (`labels`: 保留 / 已修正 / 待填写 / 待处理) and why; a flagged line's proposal offered as
        its rewrite and the categories the type adds offered as additions, never applied."""
        projects = [
            p.project.model_copy(update={"indicators": [i.renewed for i in p.items]})
            for p in renewal.projects
        ]
        session = cls.from_table(source.model_copy(update={"projects": projects}), None)
        for state, renewed in zip(session.projects, renewal.projects, strict=True):
            originals = [i for i in state.items if i.kind == "original"]
            for item, line in zip(originals, renewed.items, strict=True):
                why = f"（{'；'.join(line.reasons)}）" if line.reasons else ""
                item.note = f"续编：{labels[line.status]}{why}"
                if line.status == "slot":
                    item.slot_reference = f"上年 {line.original.annual_value.as_written()}"
                if line.proposal is not None:
                    session.offer_rewrites(
                        state.key, item.id, [line.proposal], "续编：上年这一条有问题，建议改写"
                    )
            session.offer_additions(state.key, renewed.added, "续编：按项目类型补上缺少的类别")
            state.suggested = True
        return session

    def _free_key(self, name: str) -> str:
        return _unique_key(name, {p.key for p in self.projects})

    def get(self, key: str) -> ProjectState:
        state = self.find(key)
        if state is None:
            raise KeyError(key)
        return state

    def find(self, key: str) -> ProjectState | None:
        """The project of this key; it is written anew by the next save (it may change)."""
        self._written.pop(key, None)
        return next((p for p in self.projects if p.key == key), None)

    def to_json(self) -> bytes:
        """The session as `model_dump_json(exclude_none=True)` would write it (an equal
        document, its projects last), re-serialising only the projects reached by key since
        the last call."""
        parts = []
        for state in self.projects:
            written = self._written.get(state.key)
            if written is None or written[0] is not state:
                written = (state, _PROJECT_JSON.to_json(state, exclude_none=True))
                self._written[state.key] = written
            parts.append(written[1])
        head = self.model_dump_json(exclude_none=True, exclude={"projects"}).encode()
        return (
            head[:-1]
            + (b"," if head != b"{}" else b"")
            + b'"projects":['
            + b",".join(parts)
            + b"]}"
        )

    def add_project(
        self, project: Project, suggestions: list[Suggestion], note: str
    ) -> ProjectState:
        """A project created in the TUI: no originals, its draft offered as additions."""
        state = ProjectState(
            key=self._free_key(project.name), project=project, drafted=True, suggested=True
        )
        self.projects.append(state)
        self.offer_additions(state.key, suggestions, note, slots=len(suggestions))
        return state

    # Offering suggestions (not decisions: not on the undo stack).

    def offer_rewrites(
        self, key: str, original: str, rewrites: list[Suggestion], note: str
    ) -> bool:
        """Offer the first usable rewrite of an original (the others wait for 「换一条」)."""
        state = self.get(key)
        state.item(original)  # KeyError for an unknown original: a rewrite always has its target
        state.items = [i for i in state.items if not (i.target == original and i.pending)]
        fresh = [s for s in rewrites if not state.blocked(s, "rewrite")]
        if not fresh:
            return False
        state.items.append(
            Item(
                id=state.new_id(),
                kind="rewrite",
                status="suggested",
                indicator=plain(fresh[0]),
                offered=fresh[0],
                target=original,
                alternatives=fresh[1:],
                note=note,
            )
        )
        return True

    def offer_additions(
        self,
        key: str,
        suggestions: list[Suggestion],
        note: str,
        *,
        query: str | None = None,
        slots: int | None = None,
    ) -> list[Item]:
        """Offer additions as rows: one per category (or the first `slots` suggestions); the
        others become the rows' next candidates for 「换一条」."""
        state = self.get(key)
        rows: dict[str, Item] = {}
        spare: list[Suggestion] = []
        for suggestion in suggestions:
            if state.blocked(suggestion, "addition"):
                continue
            slot = suggestion.level2 if slots is None else str(len(rows))
            if slot in rows or (slots is not None and len(rows) >= slots):
                (rows[slot].alternatives if slot in rows else spare).append(suggestion)
                continue
            rows[slot] = Item(
                id=state.new_id(),
                kind="addition",
                status="suggested",
                indicator=plain(suggestion),
                offered=suggestion,
                note=note,
                query=query,
            )
            state.items.append(rows[slot])
        added = list(rows.values())
        for n, suggestion in enumerate(spare):
            added[n % len(added)].alternatives.append(suggestion)
        return added

    def offer_refinement(self, key: str, original: str, refinement: Refinement) -> bool:
        return self.offer_rewrites(key, original, refinement.rewrites, rewrite_note(refinement))

    def offer_suggestions(
        self, key: str, rewrites: list[Refinement], additions: list[Suggestion]
    ) -> None:
        """Offer a project's suggestions: a rewrite per flagged original, additions per category."""
        state = self.get(key)
        originals = [i for i in state.items if i.kind == "original"]
        for refinement in rewrites:
            original = next((i for i in originals if i.indicator == refinement.original), None)
            if original is not None:
                self.offer_refinement(key, original.id, refinement)
        self.offer_additions(key, additions, "补充本项目缺少的指标类别")
        state.suggested = True

    def set_types(self, key: str, types: list[str]) -> bool:
        """The project's type as the user chose it ([]: recognised from the name and goal). The
        pending suggestions go, to be made again for the new type; decided lines, and those the
        user asked for with /, stay."""
        state = self.get(key)
        if types == state.project.types:
            return False
        state.project = state.project.model_copy(update={"types": types})
        # what the user asked for in words (it has a query) stays; the rest is made again
        state.items = [i for i in state.items if not i.pending or i.query is not None]
        state.suggested = False
        return True

    def regenerate(self, key: str, item_id: str, more: list[Suggestion] | None = None) -> bool:
        """Replace a pending suggestion by its next candidate not shown before; False if none."""
        state = self.get(key)
        item = next((i for i in state.items if i.id == item_id), None)
        if item is None or not item.pending:  # decided (or replaced) while candidates were sought
            return False
        queue = [s for s in [*item.alternatives, *(more or [])] if not state.blocked(s, item.kind)]
        if not queue:
            item.alternatives = []
            return False
        self._remember(key, f"换一条「{item.indicator.name}」", [item])
        state.seen.append(item.key())
        item.offered, item.alternatives = queue[0], queue[1:]
        item.indicator = plain(queue[0])
        return True

    def say(self, key: str, role: Role, text: str) -> None:
        self.get(key).conversation.append(Turn(role=role, text=text))

    # Decisions (each one undoable).

    def _remember(self, key: str, label: str, items: list[Item], *, goal: bool = False) -> None:
        """An undo step: the rows as they are now (and the goal, when it is what changes)."""
        state = self.get(key)
        before = [i.model_copy(deep=True) for i in items]
        goals = (state.project.goal, state.goal_offer, state.goal_decision) if goal else None
        self._undo.append(
            UndoEntry(
                key=key, label=label, before=before, rejected=list(state.rejected), goal=goals
            )
        )
        del self._undo[:-UNDO_DEPTH]

    def accept(self, key: str, item_id: str) -> bool:
        """Accept a suggestion (or take back the rejection of an original)."""
        state = self.get(key)
        item = state.item(item_id)
        new: Status = "original" if item.kind == "original" else "accepted"
        if item.status not in ("suggested", "rejected"):
            return False
        self._remember(key, f"接受「{item.indicator.name}」", [item])
        if item.key() in state.rejected:
            state.rejected.remove(item.key())
        item.status = new
        return True

    def reject(self, key: str, item_id: str) -> bool:
        """Reject a suggestion (never offered again here) or drop an original from the export."""
        state = self.get(key)
        item = state.item(item_id)
        if item.status == "rejected":
            return False
        self._remember(key, f"拒绝「{item.indicator.name}」", [item])
        item.status = "rejected"
        if item.kind != "original":
            state.rejected.append(item.key())
        return True

    def edit(self, key: str, item_id: str, indicator: Indicator) -> bool:
        """Apply the user's edit; the row becomes 已编辑 (and is kept)."""
        item = self.get(key).item(item_id)
        new = plain(indicator)
        if new == item.indicator and item.status == "edited":
            return False
        self._remember(key, f"编辑「{item.indicator.name}」", [item])
        item.indicator, item.status = new, "edited"
        return True

    def accept_all(self, key: str) -> int:
        """Accept every pending suggestion of the project as one undoable step."""
        items = self.get(key).pending()
        if items:
            self._remember(key, f"全部接受（{len(items)} 条）", items)
        for item in items:
            item.status = "accepted"
        return len(items)

    def undo(self) -> UndoEntry | None:
        """Take back the last decision; returns it (its project key and label), or None."""
        if not self._undo:
            return None
        entry = self._undo.pop()
        state = self.get(entry.key)
        saved = {i.id: i for i in entry.before}
        state.items = [saved.get(i.id, i) for i in state.items]
        state.rejected = list(entry.rejected)
        if entry.goal is not None:
            goal, state.goal_offer, state.goal_decision = entry.goal
            state.project = state.project.model_copy(update={"goal": goal})
        return entry

    def offer_goal(self, key: str, goal: str) -> None:
        """A suggested 绩效目标 for a project without one (kept if the user decided already)."""
        state = self.get(key)
        if goal.strip() and not state.project.goal.strip() and state.goal_decision == "suggested":
            state.goal_offer = goal.strip()

    def decide_goal(self, key: str, decision: GoalDecision, text: str = "") -> bool:
        """Accept the goal as `text` (the offer, or the user's edit of it or of the goal), or
        reject the offer; one undoable step. Returns False when nothing changes."""
        state = self.get(key)
        goal = text.strip() if decision == "accepted" else state.project.goal
        if goal == state.project.goal and decision == state.goal_decision:
            return False
        label = "接受绩效目标" if decision == "accepted" else "拒绝建议的绩效目标"
        self._remember(key, label, [], goal=True)
        state.project = state.project.model_copy(update={"goal": goal})
        state.goal_decision = decision
        return True

    # Export and restore.

    def progress(self) -> str:
        """What the user has done so far, in words; empty when nothing."""
        counts = Counter(
            i.status
            for p in self.projects
            for i in p.items
            if i.status not in ("original", "suggested")
        )
        parts = [
            f"{STATUS_LABELS[s]} {counts[s]} 条"
            for s in ("accepted", "edited", "rejected")
            if counts[s]
        ]
        turns = sum(len(p.conversation) for p in self.projects)
        drafted = sum(p.drafted for p in self.projects)
        goals = sum(p.goal_decision != "suggested" for p in self.projects if not p.drafted)
        types = sum(bool(p.project.types) for p in self.projects if not p.drafted)
        parts += [f"绩效目标 {goals} 个"] if goals else []
        parts += [f"选定项目类型 {types} 个"] if types else []
        parts += [f"对话 {turns} 句"] if turns else []
        parts += [f"新建项目 {drafted} 个"] if drafted else []
        return "，".join(parts)

    def outstanding(self) -> Outstanding:
        """What export leaves undone: pending suggestions and unfilled slots."""
        counts = [(p.project.name, p.undecided, p.slots()) for p in self.projects]
        return Outstanding(
            suggestions=sum(c[1] for c in counts),
            slots=sum(c[2] for c in counts),
            projects=[name for name, pending, slots in counts if pending or slots],
        )

    def export_table(self) -> Table:
        projects = [p.exported() for p in self.projects]
        drafted = [p.project.amounts.total or 0.0 for p in self.projects if p.drafted]
        total = (self.total or 0.0) + sum(drafted) if drafted else self.total
        return Table(projects=projects, source=self.source, department=self.department, total=total)

    def library_projects(self) -> list[Project]:
        """Per project, the indicators the user accepted or edited."""
        return [
            p.project.model_copy(update={"indicators": p.library_indicators()})
            for p in self.projects
            if p.library_indicators()
        ]

    def resumed(self, saved: Session) -> Session:
        """This fresh session with the saved decisions laid over it (matched by project and row)."""
        fresh = self.model_copy(deep=True)  # its JSON as written comes along: still its own
        kept = {p.key: p for p in saved.projects if not p.drafted}
        for state in fresh.projects:
            if (old := kept.get(state.key)) is not None:
                _overlay(state, old)
                fresh._written.pop(state.key, None)  # changed here, not through `get`
        fresh.projects.extend(p.model_copy(deep=True) for p in saved.projects if p.drafted)
        fresh.current = saved.current if saved.current and fresh.find(saved.current) else None
        return fresh

    def lost_decisions(self, saved: Session) -> list[str]:
        """The saved decisions this (resumed) session does not hold, because the table changed
        since: one line each, naming the project and the indicator."""
        lost = []
        states = {p.key: p for p in self.projects}  # read only: `find` would mark each changed
        for old in saved.projects:
            now = states.get(old.key)
            held = {(i.id, i.status) for i in now.items} if now is not None else set()
            lost += [
                f"{old.project.name}：{STATUS_LABELS[i.status]}「{i.indicator.name}」"
                for i in old.items
                if i.status in ("accepted", "edited", "rejected") and (i.id, i.status) not in held
            ]
        return lost


def _with_reference(item: Item) -> Indicator:
    """A slotted line as a suggestion carrying its reference; any other line as it is."""
    if not (item.slotted and item.reference):
        return item.indicator
    return Suggestion.model_construct(**dict(item.indicator), reference=item.reference)


def _overlay(state: ProjectState, old: ProjectState) -> None:
    by_id = {i.id: i for i in old.items}
    originals = {i.id for i in state.items}
    state.items = [by_id.get(i.id, i) for i in state.items]
    state.items += [
        i for i in old.items if i.kind != "original" and (i.target is None or i.target in originals)
    ]
    state.rejected, state.seen = list(old.rejected), list(old.seen)
    state.conversation, state.suggested = list(old.conversation), old.suggested
    state.next_id = old.next_id
    state.goal_offer, state.goal_decision = old.goal_offer, old.goal_decision
    update: dict[str, object] = {"types": list(old.project.types)}
    if old.goal_decision == "accepted":
        update["goal"] = old.project.goal
    state.project = state.project.model_copy(update=update)
