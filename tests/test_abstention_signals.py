"""The two figures ``benchmarks.abstention_signals`` prints for each signal."""

from __future__ import annotations

from benchmarks.abstention_signals import abstains_at_bar, auc


def test_auc_counts_pairs_ordered_right_and_ties_as_half():
    assert auc([3.0, 4.0], [1.0, 2.0]) == 1.0
    assert auc([1.0, 2.0], [3.0, 4.0]) == 0.0
    assert auc([1.0], [1.0]) == 0.5
    assert auc([2.0, 0.5], [1.0]) == 0.5


def test_bar_leaves_at_most_one_answerable_in_twenty_below_it():
    answerable = [float(v) for v in range(1, 41)]       # 40 answerable: at most 2 may fall below
    no_answer = [0.5, 1.5, 2.5, 3.5, 10.0]
    # the bar is the third lowest answerable (3.0): 1 and 2 abstain wrongly, 0.5, 1.5 and 2.5 rightly
    assert abstains_at_bar(answerable, no_answer) == 3 / 5
    assert sum(v < 3.0 for v in answerable) <= 0.05 * len(answerable)
