"""Disjoint sets: groups by pairs, in the order of their first item."""

from __future__ import annotations

from minerva.knowledge.disjoint import DisjointSets


def test_items_joined_directly_or_through_others_are_one_group():
    sets = DisjointSets(6)
    sets.join(4, 1)
    sets.join(1, 5)
    sets.join(2, 3)
    assert sets.groups() == [[0], [1, 4, 5], [2, 3]]
    assert sets.root(5) == sets.root(1) == 4  # the first argument's root stands for the group


def test_joining_a_group_with_itself_changes_nothing():
    sets = DisjointSets(3)
    sets.join(0, 1)
    sets.join(1, 0)
    assert sets.groups() == [[0, 1], [2]] and sets.root(1) == 0
