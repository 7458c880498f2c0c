"""Groups under labels no vocabulary knows take the role of what they say (minerva/extractors/relabel.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx

import minerva
from minerva.extractors.relabel import relabel, role_read
from minerva.model import Measure, Span

# A reply e-mail whose action sections are headed 处理与改善：, words no section vocabulary holds.
REPLY = [
    "RE: 关于地板砖色差投诉的回复",
    "王经理：您好！来信收悉，现将两个问题的调查结果回复如下。",
    "1. 同批地板砖铺贴后颜色深浅不一",
    "原因：",
    "a) 新进的一批乳浊剂白度偏低，釉料配方未作对应调整；",
    "b) 分色工序只与标准板比对，未与上一批留样比对。",
    "处理与改善：",
    "a) 为贵司免费补发同批次砖800片，已铺贴的色差砖由我司承担重铺费用；",
    "b) 新批原料进厂后先做小样试烧，比对合格后方可投产；",
    "c) 分色时增加与上一批留样的对比检查。",
    "2. 部分砖翘曲，铺贴后高低不平",
    "原因：",
    "a) 窑炉高温区烧嘴堵塞，窑内温差大，砖坯受热不均；",
    "b) 平整度检测仪探头偏移，超差砖未被剔除。",
    "处理与改善：",
    "a) 更换堵塞烧嘴，烧嘴纳入每周清理计划；",
    "b) 重新校准平整度检测仪，每班开机前校验。",
]


@dataclass
class _Group:
    role: str
    spans: list[Span] = field(default_factory=list)
    kind: str = "unspecified"
    problem: int | None = 0
    unnamed: bool = False


def _spans(*texts: str) -> list[Span]:
    return [Span(t) for t in texts]


def test_actions_under_an_unknown_label_after_the_causes_are_measures(tmp_path: Path) -> None:
    document = docx.Document()
    for text in REPLY:
        document.add_paragraph(text)
    path = tmp_path / "reply.docx"
    document.save(path)
    (report,) = minerva.extract(path)
    assert len(report.cases) == 2
    first, second = report.cases
    assert [m.text for m in first.measures][0].startswith("为贵司免费补发同批次砖800片")
    assert len(first.measures) == 3 and len(second.measures) == 2
    assert all(isinstance(m, Measure) for m in first.measures + second.measures)
    assert [c.text for c in first.causes] == ["新进的一批乳浊剂白度偏低，釉料配方未作对应调整",
                                              "分色工序只与标准板比对，未与上一批留样比对"]
    assert [c.text[:6] for c in second.causes] == ["窑炉高温区烧", "平整度检测仪"]


def test_the_model_reads_actions_as_measures_and_results_as_effect() -> None:
    actions = role_read(["更换堵塞烧嘴，烧嘴纳入每周清理计划", "为北京客户上门更换两张桌面"])
    assert actions["measure"] > 3 * actions["cause"]
    results = role_read(["整改后连续三个月未再接到同类投诉"])
    assert results["effect"] > 3 * results["cause"]


def test_only_a_group_that_follows_a_named_group_of_its_problem_changes() -> None:
    named = _Group("cause", _spans("供应商来料油封尺寸偏小，保压测试漏气"))
    unnamed = _Group("cause", _spans("即日起停用该批次气压棒，库存全部退回供应商", "为客户免费更换气压棒"),
                     unnamed=True)
    assert relabel([named, unnamed]) == 1
    assert unnamed.role == "measure" and all(isinstance(s, Measure) for s in unnamed.spans)

    topics = [_Group("cause", _spans("预缩机超喂率设定偏低"), unnamed=True),
              _Group("cause", _spans("定型机车速提高后张力偏大", "停机维修后未复测"), unnamed=True)]
    assert relabel(topics) == 0
    assert [g.role for g in topics] == ["cause", "cause"]


def test_an_unknown_label_after_the_measures_never_goes_back_to_causes() -> None:
    measures = _Group("measure", [Measure("更换故障压缩机")])
    later = _Group("measure", [Measure("原因是供应商来料油封尺寸偏小，保压测试漏气")], unnamed=True)
    assert relabel([measures, later]) == 0
    assert later.role == "measure"
    told = _Group("cause", _spans("更换压缩机后，此后一个月未再接到投诉"), problem=None, unnamed=True)
    assert relabel([_Group("measure", [Measure("加装保温水箱")], problem=1), told]) == 1
    assert told.role == "effect"
