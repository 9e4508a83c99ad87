"""Project natures: what kind of spending a project is, read from its name and description, and
which indicators suit that kind (an IT maintenance project gets 系统正常运行率 / 故障响应时间,
a subsidy gets 发放及时率 / 发放对象准确率 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Template:
    """A standard indicator of a project nature, used when retrieval offers nothing better."""

    level2: str
    name: str
    value: str
    explanation: str


@dataclass(frozen=True)
class Nature:
    key: str
    label: str
    pattern: str
    # Words whose presence in a candidate indicator's name makes it fit this nature.
    fit: str
    templates: tuple[Template, ...] = field(default_factory=tuple)


# Subject words that belong to one kind of project only: an indicator naming one of them (平台,
# 监理, 报销 …) is of that kind. Generic verbs (发放, 活动, 设备, 数据) are left out on purpose.
SUBJECTS: dict[str, str] = {
    "it": r"系统|平台|信息化|软件|网络|接口|信创|运维|硬件|上线",
    "subsidy": r"补助|补贴|资助|救助|津贴|抚恤|助学",
    "payroll": r"工资|雇员|编外|薪酬|公用经费",
    "training": r"培训|轮训|参训|学员",
    "purchase": r"购置|采购|购买|租赁|车辆|仪器",
    "construction": r"工程|施工|监理|修缮|竣工|完工|工期",
    "governance": r"网格|综治|维稳|信访|纠纷|治安|禁毒",
    "publicity": r"宣传|赛事|展览|知晓",
    "research": r"课题|调研|研究报告|评审",
    "medical": r"医疗|医保|报销|参保|参合",
}


NATURES: tuple[Nature, ...] = (
    Nature(
        "it", "信息化建设与运维", r"运维|系统|平台|信息化|软件|网络|数据|接口|智慧|视频|监控|信创|摄像",
        r"运行|故障|响应|运维|系统|平台|上线|验收|数据|在线|接入|硬件|软件",
        (
            Template("质量指标", "系统正常运行率", "≥99%", "系统正常运行时长/应运行时长×100%"),
            Template("时效指标", "故障响应时间", "≤2小时", "自报修至运维人员响应的时间"),
            Template("社会效益指标", "业务办理线上化率", "≥90%", "线上办理业务量/业务总量×100%"),
        ),
    ),
    Nature(
        "subsidy", "补助补贴与资助发放", r"补助|补贴|资助|救助|奖励|慰问|助学|抚恤|津贴|奖补|发放",
        r"发放|补助|补贴|资助|救助|对象|人数|户数|标准|准确",
        (
            Template("数量指标", "补助发放人数", "", "年内实际获得补助的人数"),
            Template("质量指标", "发放对象准确率", "=100%", "符合条件的发放对象数/发放对象总数×100%"),
            Template("时效指标", "补助发放及时率", "=100%", "按规定时限发放的金额/应发放金额×100%"),
        ),
    ),
    Nature(
        "payroll", "人员工资与公用经费", r"工资|雇员|编外|人员经费|公用经费|劳务|薪酬|聘用",
        r"发放|工资|人员|人数|足额|到位|考核",
        (
            Template("数量指标", "保障在岗人员数量", "", "年内由本经费保障的在岗人数"),
            Template("质量指标", "工资足额发放率", "=100%", "实发工资/应发工资×100%"),
            Template("时效指标", "工资按月发放及时率", "=100%", "按月按时发放的月数/12×100%"),
        ),
    ),
    Nature(
        "training", "培训与会议", r"培训|会议|研讨|讲座|轮训|教育活动",
        r"培训|会议|参训|学员|人次|场次|合格|出勤",
        (
            Template("数量指标", "培训人次", "", "参加培训的人次"),
            Template("质量指标", "培训合格率", "≥95%", "考核合格人数/参训人数×100%"),
            Template("满意度指标", "参训人员满意度", "≥90%", "问卷调查满意人数/调查人数×100%"),
        ),
    ),
    Nature(
        "purchase", "设备与车辆购置、租赁", r"购置|采购|购买|租赁|设备|车辆|装备|仪器",
        r"购置|采购|设备|车辆|完好|验收|合格|使用率|数量",
        (
            Template("数量指标", "设备购置数量", "", "按采购计划购置并验收的设备数量"),
            Template("质量指标", "设备验收合格率", "=100%", "验收合格设备数/购置设备数×100%"),
            Template("质量指标", "设备完好率", "≥98%", "完好设备数/设备总数×100%"),
        ),
    ),
    Nature(
        "construction", "工程建设与维修改造", r"建设|工程|改造|维修|修缮|新建|扩建|施工|监理|道路|基础设施",
        r"工程|建设|面积|验收|合格|竣工|完工|工期|质量",
        (
            Template("质量指标", "工程验收合格率", "=100%", "验收合格的工程量/完成工程量×100%"),
            Template("时效指标", "工程按期完工率", "=100%", "按计划工期完工的子项目数/子项目总数×100%"),
        ),
    ),
    Nature(
        "governance", "社会治理与政法综治", r"政法|综治|平安|网格|维稳|矛盾|纠纷|治安|来穗|出租屋|禁毒|信访|法治|法制",
        r"网格|事件|办结|化解|登记|巡查|案件|安全感|平安|纠纷|隐患|整治",
        (
            Template("质量指标", "网格事件按时办结率", "≥95%", "按时办结事件数/受理事件数×100%"),
            Template("满意度指标", "群众安全感", "≥90%", "群众安全感调查中感到安全的比例"),
        ),
    ),
    Nature(
        "publicity", "宣传与活动", r"宣传|活动|展览|文化|赛事|比赛|节庆",
        r"宣传|活动|场次|参与|覆盖|知晓|人次|报道",
        (
            Template("数量指标", "举办宣传活动场次", "", "年内举办的宣传活动场次"),
            Template("社会效益指标", "政策知晓率", "≥85%", "抽样调查中知晓政策的人数/调查人数×100%"),
        ),
    ),
    Nature(
        "medical", "医疗费用与医疗保障", r"医疗费|医疗保障|医保|报销|门诊费|住院费|参保|参合|公费医疗",
        r"医疗|医保|报销|就诊|参保|参合|结算|统筹|患者",
        (
            Template("质量指标", "医疗费用报销准确率", "=100%", "按政策准确报销的笔数/报销总笔数×100%"),
            Template("时效指标", "医疗费用报销及时率", "=100%", "按规定时限办结的报销笔数/报销总笔数×100%"),
        ),
    ),
    Nature(
        "research", "课题研究与文字成果", r"调研|课题|研究|规划编制|方案编制|评估|咨询|审计",
        r"报告|课题|研究|成果|评审|采纳|编制|方案",
        (
            Template("数量指标", "提交研究报告数量", "≥1份", "按计划提交的研究报告数"),
            Template("质量指标", "成果评审通过率", "=100%", "通过评审的成果数/提交成果数×100%"),
            Template("社会效益指标", "研究成果采纳率", "≥80%", "被决策采纳的建议数/提出建议数×100%"),
        ),
    ),
)

GENERIC: tuple[Template, ...] = (
    Template("数量指标", "年度工作任务完成率", "=100%", "实际完成的工作任务数/计划任务数×100%"),
    Template("质量指标", "工作成果验收合格率", "=100%", "验收合格的成果数/完成成果数×100%"),
    Template("时效指标", "任务按时完成率", "=100%", "按计划时间完成的任务数/任务总数×100%"),
    Template("成本指标", "项目成本控制率", "≤100%", "实际支出/预算数×100%"),
    Template("社会效益指标", "服务对象受益覆盖率", "≥90%", "实际受益的服务对象数/应覆盖的服务对象数×100%"),
    Template("可持续影响指标", "长效管理制度建立情况", "已建立", "是否建立并执行长效管理制度（已建立/未建立）"),
    Template("服务对象满意度指标", "服务对象满意度", "≥90%", "问卷调查满意人数/调查人数×100%"),
)

def natures_of(name: str, description: str = "") -> list[Nature]:
    """The natures the project's name shows, the one named last first (a name ends with what
    the project is: 基层干部信息化技能培训 is a training); when the name shows none, those of
    its description."""
    return _shown(name) or _shown(description)


def _shown(text: str) -> list[Nature]:
    last = {n: max((m.end() for m in re.finditer(n.pattern, text)), default=-1) for n in NATURES}
    return sorted((n for n in NATURES if last[n] >= 0), key=lambda n: -last[n])


def alien(name: str, natures: list[Nature], text: str) -> bool:
    """The indicator belongs to another kind of project: it names a subject word of a kind the
    project does not have (平台 for a subsidy, 监理 for a payroll) that the project's own text
    lacks, and none of the project's own kinds' words (硬件 lets 购买/租赁硬件 into an IT
    project). A project of no known kind has only its text to vouch for a subject word."""
    own = "|".join(f"{n.pattern}|{SUBJECTS[n.key]}" for n in natures)
    if own and re.search(own, name):
        return False
    foreign = "|".join(SUBJECTS[n.key] for n in NATURES if n not in natures)
    return any(m.group() not in text for m in re.finditer(foreign, name))


def fit_score(name: str, natures: list[Nature]) -> float:
    """How well an indicator name fits the project's natures (0..1)."""
    return 1.0 if any(re.search(n.fit, name) for n in natures) else 0.0
