"""Concepts: phrases from different reports that say the same thing in other words, merged.

Two reports rarely word a cause the same way ("Pogo Pin 镀金层厚度只有0.05μm ... 氧化" and
"充电触点电镀层有助焊剂残留，形成绝缘膜"), so recurring causes and proven measures can only be
counted once phrases are grouped. Phrases are compared by TF-IDF cosine over normalised tokens
and character bigrams (:mod:`minerva.knowledge.text`), corrected by the theme catalogues
(:mod:`minerva.knowledge.themes`), and grouped by average-linkage agglomerative clustering with a
similarity threshold per kind of phrase.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from math import log, sqrt

import numpy as np

from minerva.knowledge.disjoint import DisjointSets
from minerva.knowledge.fivem1e import UNKNOWN, fivem1e
from minerva.knowledge.records import StoredCase, content_order
from minerva.knowledge.text import Analyzer, classify, default_analyzer, normalize, vocabulary
from minerva.knowledge.themes import themes_of

Kind = str  # "problem" | "cause" | "measure"
KINDS: tuple[Kind, ...] = ("problem", "cause", "measure")

# Share of the similarity that comes from jieba tokens; the rest from character bigrams.
TOKEN_WEIGHT = 0.5

# Mean similarity two groups must reach to be merged, chosen on the development corpus
# (tests/data/corpus, 44 reports) before the theme catalogues existed: all problems, causes and
# measures of the gold files were clustered, thresholds swept from 0.04 to 0.25 in steps of 0.01,
# and the F1 maximised, with recall measured on the same-concept pairs of
# tests/data/concept_pairs.jsonl and precision on its different-concept pairs together with every
# pair of distinct phrases that one case lists (or, for problems, one report lists), which are
# different by construction (minerva.knowledge.merging.sweep). Maxima (0.5 token weight, no
# cannot-link): cause 0.08, measure 0.09, problem 0.13. With the themes added, the same sweep
# prefers cause 0.30, measure 0.14 and problem 0.18, which merges almost only phrases that share
# a theme; the thresholds were kept, because phrases outside the catalogues must still merge on
# their words: on the example-archive pairs (tests/data/concept_pairs_examples.jsonl) recall at the
# sweep's choice was cause 0.66 and measure 0.52, against 0.76 and 0.61 at these.
CAUSE_THRESHOLD = 0.08
MEASURE_THRESHOLD = 0.09
PROBLEM_THRESHOLD = 0.13

# Above this many distinct phrasings the dense similarity matrix (n² floats) is replaced by
# greedy average-linkage over sparse vectors (see _cluster_large): 6000² floats are 288 MB.
DENSE_LIMIT = 6000

# Weight of shared themes added to word similarity, and the share of word similarity kept by
# two phrases whose themes differ (see similarity_matrix). Chosen on the development pairs with
# the thresholds below fixed: pair F1 is flat for bonus 0.2-0.5 and apart 0.3-0.5 (cause F1
# 0.88-0.90, measure 0.89-0.92, problem 0.96), and lower without themes (0.64, 0.81, 0.80).
THEME_BONUS = 0.3
THEME_APART = 0.5
# Phrases that words alone join at this multiple of the coarse threshold stay in one concept
# whatever their themes: average linkage over theme-boosted similarities groups theme-mates first
# and can leave a word twin outside, so on the never-tuned pairs themes lowered cause recall below
# words alone (fresh-3: 0.667 against 0.741). Chosen on the dev, example and fresh-2 pairs as the
# smallest factor that keeps the dev pairs at the tests' precision target (2.5 and 3.0 merged two
# more sibling causes there: 复核只核对数量 with 打包员未核对件数).
WORD_TWIN_FACTOR = 3.5
# Fine concepts: the same thing in other words, what recurrence and relapse are counted on. They
# are the coarse concepts clustered again by word similarity alone (themes say "same kind", not
# "same thing"), with average linkage at FINE_THRESHOLDS, and every two members sharing words
# (word similarity >= FINE_WORD_FLOOR). Chosen on an audit of 50 fine memberships of a base of the
# dev corpus and the fresh set, labelled by a quality engineer who never saw the code: at the
# first setting (themes in, 0.25/0.2) 10 of 25 cause and 6 of 25 measure memberships were the same
# specific thing; at these, 6 of 6 and 3 of 3 that stay joined. A second audit, drawn at these
# settings, is the test (tests/data/concept_audit).
FINE_THRESHOLDS: dict[Kind, float] = {"cause": 0.35, "measure": 0.35, "problem": 0.35}
FINE_WORD_FLOOR = 0.2
THRESHOLDS: dict[Kind, float] = {
    "cause": CAUSE_THRESHOLD,
    "measure": MEASURE_THRESHOLD,
    "problem": PROBLEM_THRESHOLD,
}

_NON_WORD = re.compile(r"\W+")


def phrase_key(text: str) -> str:
    """Identity of a phrase: the same words with other punctuation or spacing are one phrase."""
    return _NON_WORD.sub("", normalize(text))


def similarity_matrix(phrases: Sequence[str], analyzer: Analyzer | None = None,
                      kind: Kind | None = None, themes: bool = True) -> np.ndarray:
    """Cosine similarity of every pair of ``phrases`` (tokens and bigrams, TF-IDF weighted).

    IDF comes from ``phrases`` themselves, so words common in the collection count for little.
    With a ``kind``, causes are compared without generic words, and (unless ``themes`` is off)
    the themes of that kind (:mod:`minerva.knowledge.themes`) are added: phrases sharing a theme
    gain ``THEME_BONUS`` times the cosine of their theme sets, and phrases that both have themes
    but none in common keep only ``THEME_APART`` of their word similarity.
    """
    words = _word_similarity(phrases, analyzer or default_analyzer(), kind)
    if kind is None or not themes:
        return words
    return _with_themes(words, phrases, kind)


def _features(phrases: Sequence[str], analyzer: Analyzer,
              kind: Kind | None = None) -> tuple[list[list[str]], list[list[str]]]:
    """Tokens and bigrams of each phrase; for causes without generic words (位置, 不足 ...): two
    causes sharing only how much or where are not the same cause. Measures and problems keep
    them (a measure's 不足 is rare, and on the labelled pairs dropping them there lost precision)."""
    generic = analyzer.lexicon.generic if kind == "cause" else frozenset()
    generic_bigrams = {w[i: i + 2] for w in generic for i in range(len(w) - 1)}
    return ([[t for t in analyzer.tokens(p) if t not in generic] for p in phrases],
            [[b for b in analyzer.bigrams(p) if b not in generic_bigrams] for p in phrases])


def _word_similarity(phrases: Sequence[str], analyzer: Analyzer, kind: Kind | None = None) -> np.ndarray:
    tokens, bigrams = _features(phrases, analyzer, kind)
    tok = _tfidf(tokens)
    big = _tfidf(bigrams)
    return TOKEN_WEIGHT * (tok @ tok.T) + (1 - TOKEN_WEIGHT) * (big @ big.T)


def _with_themes(words: np.ndarray, phrases: Sequence[str], kind: Kind) -> np.ndarray:
    theme = _theme_matrix(phrases, kind)
    shared = theme @ theme.T
    themed = theme.any(axis=1)
    apart = np.outer(themed, themed) & (shared <= 0)
    return np.where(apart, THEME_APART * words, words + THEME_BONUS * shared)


def _theme_weights(text: str, kind: Kind) -> dict[str, float]:
    """The phrase's themes as an L2-normalised indicator vector."""
    found = themes_of(text, kind)
    return {theme: 1 / sqrt(len(found)) for theme in found}


def _theme_matrix(phrases: Sequence[str], kind: Kind) -> np.ndarray:
    """Rows of ``_theme_weights``, one column per theme seen in ``phrases``."""
    found = [_theme_weights(p, kind) for p in phrases]
    column = {t: i for i, t in enumerate(sorted({t for weights in found for t in weights}))}
    out = np.zeros((len(phrases), len(column)))
    for row, weights in enumerate(found):
        for t, w in weights.items():
            out[row, column[t]] = w
    return out


def _tfidf(docs: list[list[str]]) -> np.ndarray:
    """Rows of L2-normalised TF-IDF weights over features seen in two or more documents.

    A feature of one document only changes that row's norm, never a dot product, so it enters
    the norm and is then left out of the matrix (this keeps the matrix small).
    """
    counts = [Counter(doc) for doc in docs]
    df = Counter(f for c in counts for f in c)
    n = len(docs)
    idf = {f: log((1 + n) / (1 + d)) + 1 for f, d in df.items()}
    shared = sorted(f for f, d in df.items() if d > 1)
    column = {f: i for i, f in enumerate(shared)}
    out = np.zeros((n, len(shared)))
    for row, c in enumerate(counts):
        weights = {f: (1 + log(k)) * idf[f] for f, k in c.items()}
        norm = sum(w * w for w in weights.values()) ** 0.5
        for f, w in weights.items():
            if f in column and norm:
                out[row, column[f]] = w / norm
    return out


def cluster(
    phrases: list[str],
    kind: Kind,
    groups: Sequence[Hashable] | None = None,
    threshold: float | None = None,
    fine_threshold: float | None = None,
) -> list[int]:
    """A concept id for each phrase; ids are numbered by first appearance, so stable.

    ``groups`` (one key per phrase, e.g. the case it came from) keeps apart different phrases
    of one group: the causes a report lists for one problem are distinct by construction.
    With ``fine_threshold`` the ids are those of the fine concepts.
    """
    return _cluster(phrases, kind, groups, threshold, fine_threshold).labels


@dataclass(frozen=True)
class _Clusters:
    """Concept id per phrase and each concept's label; for fine clusters, each one's coarse parent."""

    labels: list[int]
    label_texts: list[str]
    parents: list[int] | None = None
    parent_texts: list[str] | None = None


def _cluster(
    phrases: Sequence[str],
    kind: Kind,
    groups: Sequence[Hashable] | None,
    threshold: float | None,
    fine_threshold: float | None = None,
) -> _Clusters:
    """Concepts at ``threshold``; with ``fine_threshold``, the fine concepts inside each of them.

    Average linkage merges the most similar groups first, so stopping at a higher threshold
    gives groups nested in the coarse ones: a fine concept is a coarse concept's members
    clustered again with the fine threshold.
    """
    if threshold is None:
        threshold = THRESHOLDS[kind]
    if not phrases:
        return _Clusters([], [], [], []) if fine_threshold is not None else _Clusters([], [])
    keys = [phrase_key(p) for p in phrases]
    unique = list(dict.fromkeys(keys))
    index = {k: i for i, k in enumerate(unique)}
    first_text = {}
    weight = np.zeros(len(unique))
    for key, text in zip(keys, phrases):
        first_text.setdefault(key, text)
        weight[index[key]] += 1
    texts = [first_text[k] for k in unique]
    if len(texts) > DENSE_LIMIT:
        vectors = _sparse_vectors(texts, kind)
        group_of = _group_sets(keys, index, groups)
        members, labels_at = _cluster_large(vectors, weight, group_of, threshold)
        twins, _ = _cluster_large([_without_themes(v) for v in vectors], weight, group_of,
                                  threshold * WORD_TWIN_FACTOR)
        members, labels_at = _join_word_twins(members, labels_at, twins, weight,
                                              lambda a, b: any(group_of[i] & group_of[j] for i in a for j in b))

        def fine_sim(rows: list[int]) -> np.ndarray:
            return _word_products([vectors[i] for i in rows])
    else:
        words = _word_similarity(texts, default_analyzer(), kind)
        sim = _with_themes(words, texts, kind)
        forbid = _cannot_link(keys, index, groups)
        members = _average_linkage(sim, forbid, threshold)
        twins = _average_linkage(words, forbid, threshold * WORD_TWIN_FACTOR)
        members, _ = _join_word_twins(members, [rows[0] for rows in members], twins, weight,
                                      lambda a, b: bool(forbid[np.ix_(a, b)].any()))
        labels_at = [_medoid(rows, sim[np.ix_(rows, rows)], weight) for rows in members]

        def fine_sim(rows: list[int]) -> np.ndarray:
            return words[np.ix_(rows, rows)]
    order = sorted(range(len(members)), key=lambda c: min(members[c]))

    def ids(groups: list[list[int]]) -> list[int]:
        """Per phrase, the position of its group in ``groups``."""
        cluster_of = np.zeros(len(unique), dtype=int)
        for cid, rows in enumerate(groups):
            cluster_of[rows] = cid
        return [int(cluster_of[index[k]]) for k in keys]

    coarse_texts = [texts[labels_at[c]] for c in order]
    if fine_threshold is None:
        return _Clusters(ids([members[c] for c in order]), coarse_texts)
    fine: list[tuple[list[int], int, int]] = []
    for parent, c in enumerate(order):
        rows = members[c]
        sub = fine_sim(rows)
        for part in _average_linkage(sub, sub < FINE_WORD_FLOOR, fine_threshold):
            chosen = [rows[k] for k in part]
            fine.append((chosen, _medoid(chosen, sub[np.ix_(part, part)], weight), parent))
    fine.sort(key=lambda f: min(f[0]))
    return _Clusters(ids([f[0] for f in fine]), [texts[f[1]] for f in fine], [f[2] for f in fine], coarse_texts)


def _sparse_vectors(texts: Sequence[str], kind: Kind) -> list[dict[str, float]]:
    """Per phrase, one sparse vector whose dot products equal ``similarity_matrix`` up to the
    ``THEME_APART`` damping (a product cannot express it): L2-normalised TF-IDF of tokens scaled by
    sqrt(TOKEN_WEIGHT), of bigrams by sqrt(1 - TOKEN_WEIGHT), and themes by sqrt(THEME_BONUS)."""
    analyzer = default_analyzer()
    out: list[dict[str, float]] = [{} for _ in texts]
    for vector, text in zip(out, texts):
        for theme, w in _theme_weights(text, kind).items():
            vector["t:" + theme] = sqrt(THEME_BONUS) * w
    tokens, bigrams = _features(texts, analyzer, kind)
    for prefix, share, docs in (("w:", TOKEN_WEIGHT, tokens), ("b:", 1 - TOKEN_WEIGHT, bigrams)):
        counts = [Counter(doc) for doc in docs]
        df = Counter(f for c in counts for f in c)
        n = len(docs)
        for vector, c in zip(out, counts):
            weights = {f: (1 + log(k)) * (log((1 + n) / (1 + df[f])) + 1) for f, k in c.items()}
            norm = sum(w * w for w in weights.values()) ** 0.5
            for f, w in weights.items():
                if df[f] > 1 and norm:
                    vector[prefix + f] = sqrt(share) * w / norm
    return out


def _cluster_large(vectors: list[dict[str, float]], weight: np.ndarray, group_of: dict[int, set],
                   threshold: float) -> tuple[list[list[int]], list[int]]:
    """Clustering for collections too large for a dense similarity matrix (memory grows with n²).

    Each phrase, most frequent first, joins the concept whose members it resembles most on
    average (its dot product with the concept's summed vectors, over the concept's size), if
    that reaches ``threshold`` - the average-linkage criterion, taken greedily; otherwise it
    starts a concept. Candidate concepts come from an inverted index of the phrase's features,
    leaving out features so common they say little. Same-group phrases stay apart as above.
    Returns each concept's members and the member that labels it.
    """
    order = sorted(range(len(vectors)), key=lambda i: (-weight[i], i))
    sums: list[dict[str, float]] = []
    members: list[list[int]] = []
    groups_in: list[set] = []
    postings: dict[str, list[int]] = defaultdict(list)
    common = max(50, len(vectors) // 50)
    for i in order:
        vector = vectors[i]
        candidates = {c for f in vector if len(postings[f]) <= common for c in postings[f]}
        best, best_score = None, threshold
        for c in candidates:
            if group_of[i] & groups_in[c]:
                continue
            total = sums[c]
            score = sum(w * total.get(f, 0.0) for f, w in vector.items()) / len(members[c])
            if score >= best_score:
                best, best_score = c, score
        if best is None:
            best = len(members)
            sums.append({})
            members.append([])
            groups_in.append(set())
        for f, w in vector.items():
            if f not in sums[best]:
                postings[f].append(best)
            sums[best][f] = sums[best].get(f, 0.0) + w
        members[best].append(i)
        groups_in[best] |= group_of[i]
    labels = [max(rows, key=lambda i: (sum(w * sums[c].get(f, 0.0) for f, w in vectors[i].items()), weight[i], -i))
              for c, rows in enumerate(members)]
    return [sorted(rows) for rows in members], labels


def word_vectors(phrases: Sequence[str], kind: Kind) -> list[dict[str, float]]:
    """Per phrase, a sparse vector whose dot product with another's is their word similarity
    (tokens and bigrams, IDF over ``phrases``, no themes): what fine concepts compare."""
    return [_without_themes(v) for v in _sparse_vectors(phrases, kind)]


def word_product(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(w * b.get(f, 0.0) for f, w in a.items())


def _without_themes(vector: dict[str, float]) -> dict[str, float]:
    return {f: w for f, w in vector.items() if not f.startswith("t:")}


def _join_word_twins(members: list[list[int]], labels_at: list[int], twins: list[list[int]],
                     weight: np.ndarray, apart) -> tuple[list[list[int]], list[int]]:
    """``members`` with the concepts that hold phrases of one group of ``twins`` joined (unless
    ``apart`` forbids two member lists meeting); a joined concept keeps the label of its most
    written part."""
    of = {row: c for c, rows in enumerate(members) for row in rows}
    concepts = DisjointSets(len(members))
    rows_of = {c: list(rows) for c, rows in enumerate(members)}
    label_of = dict(enumerate(labels_at))
    for rows in twins:
        for a, b in zip(rows, rows[1:]):
            ca, cb = concepts.root(of[a]), concepts.root(of[b])
            if ca == cb or apart(rows_of[ca], rows_of[cb]):
                continue
            if weight[rows_of[cb]].sum() > weight[rows_of[ca]].sum():
                ca, cb = cb, ca
            concepts.join(ca, cb)
            rows_of[ca] += rows_of.pop(cb)
            label_of.pop(cb)
    kept = sorted(rows_of)
    return [sorted(rows_of[c]) for c in kept], [label_of[c] for c in kept]


def _group_sets(keys: list[str], index: dict[str, int], groups: Sequence[Hashable] | None) -> dict[int, set]:
    """Per distinct phrase, the groups (cases) it was written in."""
    group_of: dict[int, set] = defaultdict(set)
    if groups is not None:
        for key, group in zip(keys, groups):
            group_of[index[key]].add(group)
    return group_of


def _word_products(vectors: list[dict[str, float]]) -> np.ndarray:
    """Word similarity among a few phrases, from their sparse vectors (theme features left out)."""
    n = len(vectors)
    plain = [{f: w for f, w in v.items() if not f.startswith("t:")} for v in vectors]
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            small, large = sorted((plain[i], plain[j]), key=len)
            out[i, j] = out[j, i] = sum(w * large.get(f, 0.0) for f, w in small.items())
    return out


def _cannot_link(keys: list[str], index: dict[str, int], groups: Sequence[Hashable] | None) -> np.ndarray:
    n = len(index)
    forbid = np.zeros((n, n), dtype=bool)
    if groups is None:
        return forbid
    by_group: dict[Hashable, set[int]] = defaultdict(set)
    for key, group in zip(keys, groups):
        by_group[group].add(index[key])
    for rows in by_group.values():
        rows_list = sorted(rows)
        forbid[np.ix_(rows_list, rows_list)] = True
    np.fill_diagonal(forbid, False)
    return forbid


def _average_linkage(sim: np.ndarray, forbid: np.ndarray, threshold: float) -> list[list[int]]:
    """Merge the most similar pair of clusters until none reaches ``threshold``.

    Average linkage (the mean similarity between members) does not chain the way single
    linkage does, so a long cluster cannot drift from one meaning to another. A cached best
    partner per cluster keeps the loop near O(n²) in practice.
    """
    n = len(sim)
    s = sim.astype(float)
    s[forbid] = -np.inf
    np.fill_diagonal(s, -np.inf)
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    best = np.full(n, -np.inf)
    partner = np.zeros(n, dtype=int)
    for i in range(n):
        _refresh(i, s, active, best, partner)
    while True:
        masked = np.where(active, best, -np.inf)
        i = int(np.argmax(masked))
        if masked[i] < threshold:
            break
        j = int(partner[i])
        i, j = min(i, j), max(i, j)
        merged = (size[i] * s[i] + size[j] * s[j]) / (size[i] + size[j])
        merged[np.isinf(s[i]) | np.isinf(s[j])] = -np.inf
        s[i], s[:, i] = merged, merged
        s[i, i] = -np.inf
        s[j, :], s[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        active[j] = False
        best[j] = -np.inf
        members[i].extend(members.pop(j))
        _refresh(i, s, active, best, partner)
        others = np.flatnonzero(active)
        others = others[others != i]
        stale = (partner[others] == i) | (partner[others] == j)
        for k in others[stale]:
            _refresh(int(k), s, active, best, partner)
        rest = others[~stale]
        closer = rest[s[rest, i] > best[rest]]
        best[closer], partner[closer] = s[closer, i], i
    return [sorted(rows) for rows in members.values()]


def _refresh(i: int, s: np.ndarray, active: np.ndarray, best: np.ndarray, partner: np.ndarray) -> None:
    row = np.where(active, s[i], -np.inf)
    partner[i] = int(np.argmax(row))
    best[i] = row[partner[i]]


def _medoid(rows: list[int], sim: np.ndarray, weight: np.ndarray) -> int:
    """The member most similar to the others (weighted by how often each is written); ``sim``
    holds the similarities among ``rows`` only."""
    score = np.round(sim @ weight[rows], 9)
    best = min(range(len(rows)), key=lambda k: (-score[k], -weight[rows[k]], rows[k]))
    return rows[best]


@dataclass(frozen=True)
class Phrasing:
    """One place a concept was written: the text and the case, report and file it came from."""

    text: str
    stored_case_id: int
    report_id: int
    file: str | None


@dataclass(frozen=True)
class Concept:
    """Phrases of one kind that say the same thing; ``label`` is the most central phrasing.

    Support counts distinct reports and distinct cases of a report, never files, so a report
    stored from a draft and a signed copy counts once.
    """

    id: int
    kind: Kind
    label: str
    phrasings: tuple[Phrasing, ...]
    support_reports: int
    support_cases: int
    parent: int | None = None

    @property
    def report_ids(self) -> tuple[int, ...]:
        return tuple(sorted({p.report_id for p in self.phrasings}))

    @property
    def texts(self) -> tuple[str, ...]:
        """Distinct phrasings in first-seen order."""
        return tuple(dict.fromkeys(p.text for p in self.phrasings))


@dataclass(frozen=True)
class ConceptSet:
    """The concepts of one kind and which concept each item of each stored case belongs to.

    A set of fine concepts (the same thing in other words) carries the ``coarse`` set it refines
    (the same kind of thing); each fine concept's ``parent`` is its coarse concept's id.
    """

    kind: Kind
    concepts: tuple[Concept, ...]
    assignment: dict[tuple[int, int], int]
    coarse: ConceptSet | None = None

    def of(self, stored_case_id: int, index: int = 0) -> Concept:
        """The concept of item ``index`` (cause or measure position; 0 for the problem)."""
        return self.concepts[self.assignment[(stored_case_id, index)]]


def case_key(sc: StoredCase) -> tuple[int, str]:
    """Identity of a case across files: its report and its problem wording."""
    return sc.report_id, phrase_key(sc.case.problem)


def items(sc: StoredCase, kind: Kind) -> list[tuple[str, str | None]]:
    """The texts of one kind in a stored case, each with the file it was read from."""
    fallback = sc.files[0] if sc.files else None
    case = sc.case
    if kind == "problem":
        return [(case.problem, case.source.file if case.source else fallback)]
    spans = case.causes if kind == "cause" else case.measures
    return [(s.text, s.source.file if s.source else fallback) for s in spans]


def concepts_of(cases: Iterable[StoredCase], kind: Kind, fine: bool = False) -> ConceptSet:
    """Cluster every item of ``kind`` in ``cases`` into concepts (ordered by stored case id).

    With ``fine``, the concepts are the tight ones (FINE_THRESHOLDS) and the set carries the
    coarse concepts they refine, from the same clustering.
    """
    ordered = sorted(cases, key=content_order)
    rows = [(sc, i, text, file) for sc in ordered for i, (text, file) in enumerate(items(sc, kind))]
    found = _cluster([r[2] for r in rows], kind, [case_key(r[0]) for r in rows], None,
                     FINE_THRESHOLDS[kind] if fine else None)
    if not fine:
        return _concept_set(kind, rows, found.labels, found.label_texts)
    coarse = _concept_set(kind, rows, [found.parents[f] for f in found.labels], found.parent_texts)
    return _concept_set(kind, rows, found.labels, found.label_texts, found.parents, coarse)


def _concept_set(kind: Kind, rows: list[tuple], labels: list[int], label_texts: list[str],
                 parents: list[int] | None = None, coarse: ConceptSet | None = None) -> ConceptSet:
    by_concept: dict[int, list[tuple[StoredCase, Phrasing]]] = defaultdict(list)
    assignment: dict[tuple[int, int], int] = {}
    for (sc, i, text, file), cid in zip(rows, labels):
        by_concept[cid].append((sc, Phrasing(text, sc.id, sc.report_id, file)))
        assignment[(sc.id, i)] = cid
    concepts = tuple(
        Concept(
            id=cid,
            kind=kind,
            label=label_texts[cid],
            phrasings=tuple(p for _, p in members),
            support_reports=len({sc.report_id for sc, _ in members}),
            support_cases=len({case_key(sc) for sc, _ in members}),
            parent=parents[cid] if parents is not None else None,
        )
        for cid, members in sorted(by_concept.items())
    )
    return ConceptSet(kind, concepts, assignment, coarse)


def measure_kind(text: str) -> str:
    """Kind of one measure phrase from its words: temporary, permanent, preventive or unspecified."""
    return classify(text, vocabulary("measure_kinds")) or "unspecified"


def concept_fivem1e(concept: Concept) -> str:
    """Majority 5M1E category over the concept's distinct phrasings (the label breaks ties)."""
    return _vote([fivem1e(t) for t in concept.texts], fivem1e(concept.label), UNKNOWN)


def concept_measure_kind(concept: Concept, declared: Iterable[str] = ()) -> str:
    """Kind of a measure concept: the kinds reports declared, else the vocabulary's guess."""
    stated = [k for k in declared if k != "unspecified"]
    if stated:
        return _vote(stated, stated[0], "unspecified")
    return _vote([measure_kind(t) for t in concept.texts], measure_kind(concept.label), "unspecified")


def _vote(values: list[str], tie_break: str, unknown: str) -> str:
    counts = Counter(v for v in values if v != unknown)
    if not counts:
        return unknown
    top = max(counts.values())
    winners = [v for v in counts if counts[v] == top]
    return tie_break if tie_break in winners else winners[0]
