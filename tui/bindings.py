"""Every key binding of the TUI, each with an id (remappable through a keymap), and the longer
explanation the help screen and the command palette show for it."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from assistant.tables.formats import formats_help

APP_BINDINGS: list[Binding] = [
    Binding("ctrl+o", "open_table", "打开", id="open_table"),
    Binding("question_mark", "help", "帮助", id="help", key_display="?"),
    Binding("ctrl+l", "library", "我的指标库", id="library", show=False),
    Binding("ctrl+b", "review", "审核共享指标库", id="review", show=False),
    Binding("ctrl+q", "quit", "退出", id="quit"),
]
PROJECTS = Binding.Group("换项目", compact=True)

WORKSPACE_BINDINGS: list[Binding] = [
    Binding("a", "accept", "接受", id="accept"),
    Binding("e", "edit", "编辑", id="edit"),
    Binding("i", "fill_slot", "填写", id="fill_slot"),
    Binding("m", "goal", "目标", id="goal"),
    Binding("t", "project_type", "类型", id="project_type"),
    Binding("r", "reject", "拒绝", id="reject"),
    Binding("A", "accept_all", "全部接受", id="accept_all", key_display="A"),
    Binding("g", "regenerate", "换一条", id="regenerate"),
    Binding("u", "undo", "撤销", id="undo"),
    Binding("f", "refine", "改写", id="refine"),
    Binding("slash", "ask", "对话", id="ask", key_display="/"),
    Binding(
        "left_square_bracket",
        "step_project(-1)",
        "上个项目",
        id="previous_project",
        key_display="[",
        group=PROJECTS,
    ),
    Binding(
        "right_square_bracket",
        "step_project(1)",
        "下个项目",
        id="next_project",
        key_display="]",
        group=PROJECTS,
    ),
    Binding("n", "new_project", "新建", id="new_project"),
    Binding("ctrl+s", "export", "导出", id="export"),
    Binding("ctrl+r", "renew", "续编", id="renew"),
    Binding("escape", "cancel", "取消", id="cancel"),
]

HELP: dict[str, str] = {
    "accept": "接受选中的建议：改写会替换原指标，新增会追加到导出表中；对已拒绝的原指标则是恢复。",
    "edit": "编辑选中的指标（原指标或建议）：按指标表的规则校验，填错的类别或取值就地提示，不会保存。",
    "fill_slot": "填写选中指标的【请填写】数值（只填数字即可，方向和单位沿用原写法），旁边给出同类项目或上年的取值作参考；选中的一条没有空位时，跳到本项目第一个待填写的指标。",
    "goal": "查看和修改本项目的绩效目标；原表没有写目标时给出起草的建议，可修改后接受，或拒绝（未接受的建议不写入导出表）。",
    "project_type": "查看和更改本项目的类型（培训、运维、补助、租赁……）：标准指标、其他类型指标的检查和补充建议随之改变，待定的建议按新类型重新生成。",
    "reject": "拒绝选中的建议（本项目不再提供）；对原指标则是从导出表中删去。",
    "accept_all": "接受本项目所有待定的建议。",
    "regenerate": "把选中的建议换成下一条候选（指标库中尚未出现过的相近指标）。",
    "undo": "撤销上一次接受、编辑或拒绝。",
    "refine": "为选中的原指标找出问题并给出可衡量的改写。",
    "ask": "对当前项目提要求：在底部输入框用一句话说，如「再加一个时效指标」「把满意度改成群众满意度，目标95%」。",
    "previous_project": "切换到上一个项目（也可在左侧项目列表中用 ↑↓ 选择，回车进入指标表；Tab 在各区域间切换）。",
    "next_project": "切换到下一个项目。",
    "new_project": "新建项目：填写名称、描述、金额、部门和指标框架，自动起草一套指标。",
    "export": f"导出结果表（{formats_help('write')}，旧框架或 2021 框架）；接受和编辑过的指标同时加入你的指标库（设置了共享指标库时报送，待审核）。",
    "cancel": "取消正在进行的工作（生成建议、改写、检索、起草、导出）。",
    "open_table": f"打开另一张绩效目标表（{formats_help('read')}）。",
    "help": "显示本帮助。",
    "library": "查看你的指标库（导出时接受和编辑过的指标、加入的历史表），选中一条按 d 删除。",
    "review": "审核共享指标库（设置了 [library] url、本角色有审核权时）：列出各单位待审核的记录，a 通过，r 写明理由后退回。",
    "renew": "把打开的上年的表续编为下一年：每条指标保留、机械修正（方向、年份）、改为待填写（附上年取值）或标出待处理（附改写建议，不自动采用），缺的类别按项目类型补上；原表不改动。",
    "quit": "退出（所有决定已自动保存，下次打开同一张表时可继续）。",
}


# The footer shows keys in this order and at 80 columns only the first ones fit: the keys a review
# cannot do without come first (the help screen lists every key).
FOOTER_FIRST = (
    "accept",
    "edit",
    "fill_slot",
    "reject",
    "undo",
    "export",
    "open_table",
    "help",
    "quit",
)
PALETTE = Binding("ctrl+p", "app.command_palette", "命令", id="command_palette", priority=True)


def footer_bindings() -> list[Binding]:
    """The workspace's bindings in footer order: the app's own (打开, 帮助, 退出) mirrored among the
    first ones under the same ids (a keymap moves both), then the palette, then the rest."""
    mirrored = [replace(b, action=f"app.{b.action}") for b in APP_BINDINGS]
    by_id = {b.id: b for b in [*WORKSPACE_BINDINGS, *mirrored]}
    rest = [b for b in WORKSPACE_BINDINGS if b.id not in FOOTER_FIRST]
    return [*(by_id[name] for name in FOOTER_FIRST), PALETTE, *rest]


def all_bindings() -> list[Binding]:
    return [*WORKSPACE_BINDINGS, *APP_BINDINGS]


def keymap_problems(keymap: dict[str, str]) -> list[str]:
    """A Chinese warning for each keymap entry that names no binding."""
    known = {b.id for b in all_bindings()}
    return [
        f"设置文件 [tui] keymap 中的「{name}」不是已知的按键编号，已忽略。"
        for name in keymap
        if name not in known
    ]
