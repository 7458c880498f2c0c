"""Which of a case's causes a measure answers (minerva.knowledge.addressing)."""

from __future__ import annotations

from minerva.knowledge.addressing import answered_cause, plain_bigrams
from minerva.knowledge.text import default_analyzer

BIGRAMS = default_analyzer().bigrams
CAUSES = ["外包装采用三层B楞纸箱，纸箱强度不足", "内部泡沫护角厚度只有15mm",
          "物流商在中转仓堆码达到8层，超过箱面标注的最高6层"]


def test_a_measure_answers_the_cause_it_shares_words_with():
    assert answered_cause("泡沫护角加厚至25mm，玻璃门前增加EPE缓冲板", CAUSES, BIGRAMS) == 1
    assert answered_cause("外箱更换为五层BC楞加强纸箱，边压强度要求不低于8.5kN/m", CAUSES, BIGRAMS) == 0
    assert answered_cause("与物流商签订堆码不超过6层的书面约定", CAUSES, BIGRAMS) == 2


def test_a_measure_sharing_no_words_answers_no_cause():
    assert answered_cause("对客服人员开展服务礼仪培训", CAUSES, BIGRAMS) is None
    assert answered_cause("外箱更换为五层BC楞加强纸箱", [], BIGRAMS) is None


def test_a_word_every_cause_holds_tells_no_cause():
    """Both causes name the drivers, so talking to the drivers answers neither in particular; re-timing
    the peak runs answers the timetable (judged so in tests/data/recur_audit, claim R06-M1)."""
    causes = ["高峰时段时刻表安排偏紧，驾驶员为赶班次跳站行驶",
              "部分站台被社会车辆占用，车辆无法进站停靠，驾驶员未按规定在站台附近安全停车上下客"]
    assert answered_cause("对涉事7名驾驶员进行约谈和停班培训", causes, plain_bigrams) is None
    assert answered_cause("重新核定高峰时段单程运行时间，每单程增加8分钟", causes, plain_bigrams) == 0
    assert answered_cause("对涉事7名驾驶员进行约谈和停班培训", causes[:1], plain_bigrams) == 0


def test_plain_character_bigrams_tell_the_same_causes():
    """The graph compares every measure of an archive with its causes by plain character bigrams,
    without jieba: the same answers where the measure repeats the cause's words."""
    assert plain_bigrams("外箱，BC楞") == ["外箱", "bc", "c楞"]
    for measure, cause in (("泡沫护角加厚至25mm，玻璃门前增加EPE缓冲板", 1),
                           ("外箱更换为五层BC楞加强纸箱，边压强度要求不低于8.5kN/m", 0),
                           ("与物流商签订堆码不超过6层的书面约定", 2)):
        assert answered_cause(measure, CAUSES, plain_bigrams) == cause
    assert answered_cause("对客服人员开展服务礼仪培训", CAUSES, plain_bigrams) is None

