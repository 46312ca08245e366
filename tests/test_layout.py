"""The compact org layout shared by the map, the chart and the report."""

import numpy as np
import pytest
from conftest import SAMPLES

import powermap
import powermap.sim.synth
from powermap.core.graph import manager_positions
from powermap.render.layout import CARD_H, CARD_W, org_layout
from powermap.render.linebreak import clip_lines


def synthetic_parent(n: int) -> np.ndarray:
    contacts, links = powermap.sim.synth.organisation(n, seed=7)
    pm = powermap.from_frame(contacts, links, name="x")
    return manager_positions(pm.contacts["id"].tolist(), pm.contacts["reports_to"])


def sample_parent(file: str) -> np.ndarray:
    pm = powermap.load(SAMPLES / file)
    return manager_positions(pm.contacts["id"].tolist(), pm.contacts["reports_to"])


def overlapping_pairs(lay) -> int:
    order = np.argsort(lay.y)
    x, y = lay.x[order], lay.y[order]
    count = 0
    for i in range(len(x)):
        j = i + 1
        while j < len(x) and y[j] - y[i] < CARD_H:
            count += abs(x[j] - x[i]) < CARD_W
            j += 1
    return count


@pytest.mark.parametrize(
    "parent",
    [sample_parent("hospital.csv"), sample_parent("manufacturer.csv"), synthetic_parent(300), synthetic_parent(5000)],
    ids=["hospital", "manufacturer", "300", "5000"],
)
def test_cards_never_overlap_and_the_map_keeps_near_a_screens_shape(parent):
    lay = org_layout(parent)
    assert overlapping_pairs(lay) == 0
    assert 1.0 <= lay.aspect <= 2.5  # the old tree was 58:1 at 300 people
    assert lay.x.min() >= CARD_W / 2 - 1e-9 and lay.y.min() >= CARD_H / 2 - 1e-9
    assert lay.x.max() + CARD_W / 2 <= lay.width + 1e-6 and lay.y.max() + CARD_H / 2 <= lay.height + 1e-6


def test_a_teams_leaf_reports_stack_under_their_manager():
    parent = np.array([-1] + [0] * 5)
    lay = org_layout(parent)
    assert len(set(lay.x[1:])) == 1  # one column
    assert np.all(np.diff(lay.y[1:]) > CARD_H)  # stacked, top to bottom in input order
    assert lay.y[1] > lay.y[0] and lay.x[1] > lay.x[0]


def test_connectors_run_in_the_gaps_never_through_a_card():
    parent = synthetic_parent(300)
    lay = org_layout(parent)
    assert len(lay.connectors) == int((parent >= 0).sum())
    boxes = np.column_stack([lay.x - CARD_W / 2, lay.y - CARD_H / 2, lay.x + CARD_W / 2, lay.y + CARD_H / 2])
    for boss, report, points in lay.connectors:
        for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
            assert x0 == x1 or y0 == y1  # elbows: horizontal and vertical runs only
            # sample the segment's inside (its ends touch the two cards it joins)
            for t in np.linspace(0.05, 0.95, 7):
                px, py = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                inside = (
                    (boxes[:, 0] + 1 < px) & (px < boxes[:, 2] - 1) & (boxes[:, 1] + 1 < py) & (py < boxes[:, 3] - 1)
                )
                assert set(np.flatnonzero(inside)) <= {boss, report}


def test_priority_puts_key_people_first():
    parent = np.array([-1, 0, 0, 0, 1, 2, 3])
    plain = org_layout(parent)
    first = org_layout(parent, priority=np.array([2, 2, 2, 2, 2, 2, 0]))  # person 6 is a decision maker

    def reading_order(lay, person):  # top to bottom, then left to right
        return (lay.y[person], lay.x[person])

    assert reading_order(plain, 1) < reading_order(plain, 3)
    assert reading_order(first, 3) < reading_order(first, 1)  # the decision maker's branch comes first


def test_a_maximum_width_is_kept():
    lay = org_layout(synthetic_parent(300), max_width=1600)
    assert lay.width <= 1600


def test_deep_chains_need_no_recursion():
    parent = np.arange(-1, 3999)
    lay = org_layout(parent)
    assert len(lay.x) == 4000 and overlapping_pairs(lay) == 0


@pytest.mark.parametrize(
    "text, width, lines",
    [
        ("Executive Assistant to the Chief Medical Officer", 24, ["Executive Assistant to", "the Chief Medical…"]),
        ("Supercalifragilisticexpialidocious Officer", 10, ["Supercalifragilisticexpialidocious", "Officer"]),
        ("", 10, []),
        (None, 10, []),
        ("首席医疗官行政助理", 10, ["首席医疗官", "行政助理"]),
        # a card's Chinese title never starts a line with a closing bracket, nor ends one with an opening one
        ("副总经理（分管工程与信息化）", 24, ["副总经理（分管工程与信息", "化）"]),
        ("总经理办公室主任（兼董事会秘书、党委委员）", 16, ["总经理办公室主任", "（兼董事会秘…"]),
        ("Head of IT (Operations)", 12, ["Head of IT", "(Operations)"]),
    ],
)
def test_titles_wrap_between_words_only(text, width, lines):
    assert clip_lines(text, width) == lines
