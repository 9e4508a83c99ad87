"""The help screen: what the assistant does, and every key with what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import HELP, all_bindings
from tui.render import Wrapped, legend, score_rule

INTRO = (
    "左侧是表中的项目（得分、问题数、待定建议数）；中间是选中项目的指标，按一级/二级类别分组；"
    "右侧（窄屏时在下方）是选中指标的问题和依据的真实指标。建议（↳ 改写、＋ 新增）逐条接受、编辑或拒绝，"
    "每次决定都自动保存；ctrl+s 导出结果表。ctrl+p 打开命令面板，可执行下列所有操作。"
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "关闭", id="help_close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("帮助", style="bold"), classes="dialog-title")
            yield Static(Wrapped(INTRO), classes="dialog-detail")
            yield Static(Wrapped(legend()), id="legend")
            yield Static(Wrapped(score_rule()), classes="dialog-detail")
            yield Static(self.keys_table())
            yield Static(Text("Esc / ? 关闭本帮助", style="dim"))

    def keys_table(self) -> Table:
        table = Table(box=None, expand=True, show_header=True, header_style="bold", padding=(0, 1))
        table.add_column("按键", no_wrap=True, style="bold cyan")
        table.add_column("功能", no_wrap=True)
        table.add_column("说明", ratio=1, overflow="fold")
        for binding in all_bindings():
            assert binding.id is not None
            key = self.app.get_key_display(binding)
            table.add_row(key, binding.description, Wrapped(HELP[binding.id]))
        return table

    def action_close(self) -> None:
        self.dismiss(None)
