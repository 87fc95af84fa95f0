"""Projects: how lists are cut into names, how mentions merge, where a stage comes from.

The shapes themselves are the examples of rules/stages.yaml (tests/test_rule_examples.py);
these tests pin the decisions between them.
"""
import reportmine
from reportmine.facts.projects import _list_parts, _split_joins


def projects(text: str) -> list[tuple[str, str]]:
    return [(p.name, p.status) for d in reportmine.extract(text).documents for p in d.projects]


def test_joins_split_names_but_not_words():
    assert _split_joins("汽配厂和华湘轮胎") == ["汽配厂", "华湘轮胎"]
    assert _split_joins("小园排干渠改造以及创业中心") == ["小园排干渠改造", "创业中心"]
    assert _split_joins("太和大道北延二期工程") == ["太和大道北延二期工程"]  # 太和 is a word
    assert _split_joins("及时推进") == ["及时推进"]  # a join at the edge is no separator
    # the head after the join covers both parts: one name
    assert _split_joins("液化空气西部电子材料和供应链中心") == ["液化空气西部电子材料和供应链中心"]
    assert _split_joins("天齐锂业金属锂及技术中心扩建") == ["天齐锂业金属锂", "技术中心扩建"]


def test_a_list_splits_its_middle_names_only_at_the_enumeration_comma():
    assert _list_parts("甲公司、工业氧气和医用氧气分装项目、乙项目和丙项目") == [
        "甲公司", "工业氧气和医用氧气分装项目", "乙项目", "丙项目"]
    assert _list_parts("重点推进与中联重工装备产业园、牧丰冷链食品产业园") == [
        "中联重工装备产业园", "牧丰冷链食品产业园"]


def test_two_phases_are_two_projects_but_a_project_and_its_first_phase_one():
    found = projects("数字产业园二期主体完工。数字产业园和东门河畔四期等6个项目加快建设。")
    assert ("数字产业园二期", "在建") in found and ("数字产业园", "在建") in found
    found = projects("佐鲁纺织合作项目签约。2008年,佐鲁纺织合作项目一期工程竣工投产。")
    assert found == [("佐鲁纺织合作项目", "投产")]


def test_a_name_that_ends_another_is_the_same_project():
    found = projects("开发区工作总结\n一、项目建设\n沙洲文旅集团云溪汽车谷项目签约落户。\n"
                     "二、下步安排\n确保云溪汽车谷项目顺利开工建设。")
    # one project; the plan's target (开工, so 前期) never overrides the reported 签约
    assert found == [("沙洲文旅集团云溪汽车谷项目", "签约")]


def test_a_stage_before_the_name_counts_only_in_its_clause():
    # 推进 ends the clause before: it is no target cue for the bridge
    assert projects("道路建设顺利推进,开发区叶王桥的建成通车。") == [("开发区叶王桥", "竣工")]
    # a completion verb right before the name: done; before a part of the work: under way
    assert projects("完成了滨河大道北延二期工程。") == [("滨河大道北延二期工程", "竣工")]
    assert projects("完成永安220千伏变电站主体工程。") == [("永安220千伏变电站", "在建")]


def test_a_target_to_start_later_in_the_sentence_means_not_started():
    assert projects("加快推进居民安置区、标准化厂房三期等项目建设,力争7月份全面开工建设。") == [
        ("居民安置区", "前期"), ("标准化厂房三期", "前期")]
    assert projects("加快推进鑫宇重型机械智能制造基地、豫丰面业二期等项目建设,确保6月底前竣工投产。") == [
        ("鑫宇重型机械智能制造基地", "在建"), ("豫丰面业二期", "在建")]


def test_pushing_projects_on_is_construction_in_a_report_and_a_target_in_a_plan():
    text = ("青溪开发区2023年工作总结\n一、项目建设\n全年加快推进溪岸智能装备、南屿冷链物流等12个项目建设。\n"
            "二、明年工作打算\n加快推进东岭光电、北坪新材料等项目建设,力争上半年开工。\n")
    assert projects(text) == [("溪岸智能装备", "在建"), ("南屿冷链物流", "在建"), ("东岭光电", "前期"), ("北坪新材料", "前期")]


def test_a_labelled_list_gives_its_numbered_entries_its_stage_unless_they_say_they_are_finished():
    found = projects("青溪开发区2023年项目建设情况汇报\n一、项目建设情况\n(一)新开工项目\n"
                     "1.溪岸智能装备项目,总投资5亿元,今年完成投资2亿元。\n"
                     "2.松涛食品项目:总投资2亿元,4月开工,完成投资0.8亿元。\n(二)续建项目\n"
                     "3.白鹭电子项目:总投资6亿元,已竣工投产。\n"
                     "4.伟嘉纺织项目:总投资6亿元,地块强夯已经完成,施工队伍已经进场。\n")
    assert found == [("溪岸智能装备项目", "开工"), ("松涛食品项目", "开工"), ("白鹭电子项目", "投产"),
                     ("伟嘉纺织项目", "在建")]


def test_a_name_alone_on_its_heading_line_takes_the_stage_of_the_line_after_it():
    found = projects("一、新建项目\n(一)红星化工涂料项目\n该项目总投资5亿元,已开工建设。\n"
                     "(二)蓝天电子项目\n项目总投资3亿元,正在办理土地手续。\n")
    assert found == [("红星化工涂料项目", "开工"), ("蓝天电子项目", "前期")]


def test_a_line_that_announces_a_list_labels_the_numbered_entries_after_it():
    found = projects("XX工区上半年项目建设情况汇报\n今年以来,我区共有新开工项目11个,总投资25亿元,分别是:\n"
                     "1、红星化工涂料项目,总投资5亿元,1-6月完成投资1.2亿元。\n"
                     "2、蓝天科技电子元器件项目,总投资3亿元,1-6月完成投资8000万元。\n"
                     "已建成投用项目2个:\n1、金山制药项目,总投资2亿元,1-6月完成投资5000万元。\n")
    assert found == [("红星化工涂料项目", "开工"), ("蓝天科技电子元器件项目", "开工"), ("金山制药项目", "竣工")]


def test_a_title_that_names_the_stage_labels_the_entries():
    found = projects("XX工区2017年上半年新开工项目建设情况汇报\n一、项目进展\n"
                     "1、红星化工涂料项目,总投资5亿元,1-6月完成投资1.2亿元。\n"
                     "2、蓝天电子项目,总投资3亿元,已竣工投产。\n")
    assert found == [("红星化工涂料项目", "开工"), ("蓝天电子项目", "投产")]
