"""Disjoint sets (union-find): items joined directly or through others end in one group.

Concepts join word twins that theme-boosted clustering left apart, organisation names join by
trade name, and a recurrence joins the causes of one organisation that share words: each is a
grouping by pairs, which this keeps in near-constant time per join.
"""

from __future__ import annotations


class DisjointSets:
    """Items 0..n-1, each its own group until joined."""

    def __init__(self, n: int) -> None:
        self._parent = list(range(n))

    def root(self, i: int) -> int:
        """The item that stands for ``i``'s group."""
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, keep: int, other: int) -> None:
        """Put ``other``'s group into ``keep``'s; ``keep``'s root stands for both."""
        keep, other = self.root(keep), self.root(other)
        if keep != other:
            self._parent[other] = keep

    def groups(self) -> list[list[int]]:
        """Every group's items in order, the groups in the order of their first item."""
        found: dict[int, list[int]] = {}
        for i in range(len(self._parent)):
            found.setdefault(self.root(i), []).append(i)
        return list(found.values())
