"""Which organisation a report speaks for, as recurrence scopes it: names matched by trade name."""

from __future__ import annotations

import pytest

from minerva.knowledge.scope import organisation_scopes, same_organisation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("常州恒岳精密注塑有限公司", "常州恒岳注塑"),
        ("上海禾膳餐饮管理有限公司", "禾膳餐饮管理"),
        ("江苏江阴农村商业银行股份有限公司澄南支行", "江阴农村商业银行澄南支行"),
        ("深圳安居源物业服务有限公司", "安居源物业服务"),
        ("深圳安居源物业", "安居源物业服务公司"),
        ("华腾塑胶有限公司", "华腾公司"),
        ("深圳市声悦智能科技有限公司", "声悦智能科技有限公司质量部"),
        # judged one organisation in the second recurrence audit (tests/data/recur_audit)
        ("江阴农商银行澄南支行", "江阴农村商业银行澄南支行"),
        ("绍兴澄源印染有限公司", "绍兴市澄源印染"),
        ("株洲星联公交", "星联公交第二分公司"),
    ],
)
def test_one_organisation_written_two_ways(a, b):
    assert same_organisation(a, b) and same_organisation(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("常州恒岳注塑", "常州宏晟注塑"),          # one city, two trade names
        ("常州恒岳精密注塑", "常州宏晟精密注塑"),  # the shared run starts neither name
        ("嘉兴市第二人民医院", "嘉兴市第一人民医院"),
        ("华腾塑胶", "华腾电子"),
        ("中国移动通信集团江苏有限公司", "中国银行江苏分行"),
        ("浙江美辰电器有限公司", "宁波华腾塑胶有限公司"),
        # judged two organisations in the second recurrence audit: the same trade name in two
        # places, or one place and two trade names that share only its first character
        ("江阴清源供水有限公司", "宣城市清源供水有限公司"),
        ("江州市第二人民医院", "清河市第二人民医院"),
        ("芜湖恒锐汽车部件有限公司", "常州恒锐汽车零部件有限公司"),
        ("绍兴柯美针织服饰有限公司", "绍兴柯桥恒美印染有限公司"),
        ("苏州远驰供应链管理有限公司", "苏州汇通供应链管理有限公司"),
        ("佛山市顺德区嘉漆美涂料有限公司", "佛山市顺德区美家乐电器有限公司"),  # one district, two trade names
        ("绍兴市柯桥区华锦印染有限公司", "绍兴柯桥恒美印染有限公司"),
        ("即墨区市场监督管理局", "叶县市场监督管理局"),
    ],
)
def test_two_organisations(a, b):
    assert not same_organisation(a, b)


def test_scopes_join_every_form_of_a_name_under_the_commonest():
    names = ["常州恒岳精密注塑有限公司", "常州恒岳注塑（品质部）", "常州恒岳精密注塑有限公司",
             "东莞市宏晟塑胶制品有限公司", None, ""]
    scopes = organisation_scopes(names)
    assert scopes["常州恒岳精密注塑有限公司"] == scopes["常州恒岳注塑（品质部）"] == "常州恒岳精密注塑"
    assert scopes["东莞市宏晟塑胶制品有限公司"] != scopes["常州恒岳精密注塑有限公司"]
    assert None not in scopes and "" not in scopes


def test_comparing_places_prints_nothing():
    """Telling places apart loads jieba's dictionary; its loading messages must not reach a user."""
    import subprocess
    import sys

    code = "from minerva.knowledge.scope import same_organisation as s; print(s('江阴清源供水', '宣城市清源供水'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False" and done.stderr == ""


def test_names_without_a_place_never_join_two_places():
    """恒锐汽车零部件 is like both 芜湖恒锐 and 常州恒锐, which are two organisations: it joins one of
    them, not both; and two organisations that reduce alike keep two scopes."""
    scopes = organisation_scopes(["芜湖恒锐汽车部件有限公司", "恒锐汽车零部件", "常州恒锐汽车零部件有限公司",
                                  "常州恒锐汽车零部件有限公司", "即墨区市场监督管理局", "叶县市场监督管理局"])
    assert scopes["芜湖恒锐汽车部件有限公司"] != scopes["常州恒锐汽车零部件有限公司"]
    assert scopes["恒锐汽车零部件"] in {scopes["芜湖恒锐汽车部件有限公司"], scopes["常州恒锐汽车零部件有限公司"]}
    assert scopes["即墨区市场监督管理局"] != scopes["叶县市场监督管理局"]
