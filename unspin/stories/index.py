"""The story index: articles arrive one at a time and join a story or start one.

For each arriving article the index (1) recognises an exact duplicate by its
text fingerprint and stores it once; (2) fetches the `neighbours` nearest
articles from the vector index (HNSW: no pass over everything seen); (3) drops
candidates whose story lies outside the date window when both sides have
dates; (4) treats shingle resemblance at or above `near_duplicate` as
republished copy and files it with the original; (5) otherwise re-clusters
the small neighbourhood it touches — the new article and the stories of its
candidates — by average linkage over pair-model probabilities, with every
pair's rank features recomputed from the neighbour lists as they stand now.

Step 5 is what keeps a stream close to a batch clustering: an early article
that was filed alone (its story-mates had not arrived) is regrouped when they
do, and a story that swallowed a look-alike is split again when the evidence
turns. The cost per article is bounded by the neighbourhood, not the index.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from unspin.stories.ann import VectorIndex, vector_index
from unspin.stories.neighbours import NeighbourLists
from unspin.stories.pairs import RIVALS_READ, PairModel, Rivals, Similarity, features_of, rivals, shipped_model, similarity
from unspin.stories.profile import Profile, resemblance

MAX_NEIGHBOURHOOD = 400  # articles re-clustered at most per arrival; beyond it only the new article is placed


@dataclass(frozen=True)
class Assignment:
    """Where one arriving article went, and why."""

    key: str
    story: int
    new_story: bool
    score: float = 0.0  # mean pair probability with the story's other members (1.0 for copies)
    duplicate_of: str | None = None  # same text already indexed: stored once
    near_duplicate_of: str | None = None  # republished copy of an indexed article


@dataclass(frozen=True)
class Regrouping:
    """What one arrival changed, for a caller that keeps the stories elsewhere (the store).

    `moved` maps each earlier article that changed story to (old story, new story); `created`
    are story ids that did not exist before the arrival, `removed` those it emptied.
    """

    number: int | None  # the arriving article's number (None for an exact duplicate: not indexed)
    moved: dict[int, tuple[int, int]] = field(default_factory=dict)
    created: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()


@dataclass
class StoryState:
    """A story as the index holds it: member article numbers and the span of their dates."""

    id: int
    members: list[int] = field(default_factory=list)
    first: date | None = None
    last: date | None = None

    def within(self, day: date | None, window: int) -> bool:
        """False only when both sides have dates and they are more than `window` days apart."""
        if day is None or self.first is None or self.last is None:
            return True
        return self.first - timedelta(days=window) <= day <= self.last + timedelta(days=window)


class StoryIndex:
    """Streaming assignment of articles to stories (see the module docstring for the steps)."""

    def __init__(self, model: PairModel | None = None, vectors: str | VectorIndex = "hnsw", *, first_story: int = 0) -> None:
        self.model = model or shipped_model()
        self.vectors = vector_index(vectors) if isinstance(vectors, str) else vectors
        self.profiles: list[Profile] = []
        self.story_of: list[int] = []  # story id per indexed article number
        self.stories: dict[int, StoryState] = {}
        self.duplicates: dict[str, list[str]] = defaultdict(list)  # primary key -> keys of identical copies
        self.edges = NeighbourLists()  # per article: {neighbour: Similarity} with the neighbours its search found
        self._number: dict[str, int] = {}
        self._fingerprints: dict[str, int] = {}
        self._next_story = first_story
        self._moves: dict[int, int] | None = None  # while `add_tracked` runs: article number -> its story before

    def __len__(self) -> int:
        return len(self.profiles)

    def add_all(self, profiles: Iterable[Profile]) -> list[Assignment]:
        return [self.add(profile) for profile in profiles]

    def story_key(self, key: str) -> int:
        """The current story of an indexed article (stories can be regrouped as later articles arrive)."""
        if key in self._number:
            return self.story_of[self._number[key]]
        for primary, copies in self.duplicates.items():
            if key in copies:
                return self.story_key(primary)
        raise KeyError(key)

    def add_tracked(self, profile: Profile) -> tuple[Assignment, Regrouping]:
        """`add`, and what it changed: which earlier articles moved, which stories appeared or emptied."""
        first_new, self._moves = self._next_story, {}
        try:
            assignment = self.add(profile)
            moves = self._moves
        finally:
            self._moves = None
        number = self._number.get(profile.key)
        moved = {n: (old, self.story_of[n]) for n, old in moves.items() if n != number and old != self.story_of[n]}
        finals = {new for _, new in moved.values()} | ({self.story_of[number]} if number is not None else set())
        created = frozenset(s for s in finals if s >= first_new)
        removed = frozenset(old for old, _ in moved.values() if old not in self.stories)
        return assignment, Regrouping(number, moved, created, removed)

    def add(self, profile: Profile) -> Assignment:
        if profile.key in self._number:
            raise ValueError(f"article {profile.key!r} is already indexed")
        primary = self._fingerprints.get(profile.fingerprint) if profile.fingerprint else None
        if primary is not None:
            original = self.profiles[primary]
            self.duplicates[original.key].append(profile.key)
            return Assignment(profile.key, self.story_of[primary], False, 1.0, duplicate_of=original.key)
        candidates = self._candidates(profile)
        number = self._store(profile, candidates)
        for other, _ in candidates:
            if resemblance(profile, self.profiles[other]) >= self.model.near_duplicate:
                self._move([number], self.story_of[other])
                return Assignment(profile.key, self.story_of[other], False, 1.0, near_duplicate_of=self.profiles[other].key)
        self._recluster(number, candidates)
        story = self.story_of[number]
        mates = [m for m in self.stories[story].members if m != number]
        score = float(np.mean(self._probabilities([(number, m) for m in mates]))) if mates else 0.0
        return Assignment(profile.key, story, not mates, score)

    def _candidates(self, profile: Profile) -> list[tuple[int, Similarity]]:
        """(article number, Similarity) for the nearest articles whose story is within the date window."""
        found = []
        for number, _ in self.vectors.search(profile.vector, self.model.neighbours):
            story = self.stories[self.story_of[number]]
            if story.within(profile.published, self.model.window_days):
                found.append((number, similarity(profile, self.profiles[number])))
        return found

    def _store(self, profile: Profile, candidates: list[tuple[int, Similarity]]) -> int:
        number = len(self.profiles)
        self.profiles.append(profile)
        self._number[profile.key] = number
        if profile.fingerprint:
            self._fingerprints[profile.fingerprint] = number
        self.edges.append({other: sim for other, sim in candidates})
        for other, sim in candidates:
            self.edges.link(other, number, sim)
        story = self._next_story
        self._next_story += 1
        self.stories[story] = StoryState(story)
        self.story_of.append(story)
        self._admit(number, story)
        self.vectors.add(number, profile.vector)
        return number

    def _admit(self, number: int, story: int) -> None:
        state = self.stories[story]
        state.members.append(number)
        day = self.profiles[number].published
        if day is not None:
            state.first = day if state.first is None else min(state.first, day)
            state.last = day if state.last is None else max(state.last, day)

    def _move(self, numbers: list[int], story: int) -> None:
        for number in numbers:
            old = self.story_of[number]
            if old == story:
                continue
            if self._moves is not None:
                self._moves.setdefault(number, old)
            self.stories[old].members.remove(number)
            if not self.stories[old].members:
                del self.stories[old]
            self.story_of[number] = story
            self._admit(number, story)

    def _scores(self, number: int, exclude: int) -> list[float]:
        """Combined scores of an article with its neighbours other than `exclude`, best first."""
        return sorted((s.combined for other, s in self.edges[number].items() if other != exclude), reverse=True)

    def _rivals(self, number: int, score: float, ranked: dict[int, list[float]]) -> Rivals:
        """`rivals(self._scores(number, exclude), score, background)` when `score` is the excluded pair's own combined
        score, read off the article's scores sorted once per `ranked` (one `_probabilities` call) instead of once per
        pair: a neighbourhood's pairs share their articles, and a well-linked article has hundreds of neighbours."""
        order = ranked.get(number)
        if order is None:
            order = ranked[number] = self.edges.ranked(number)  # negated: ascending
        above = bisect_left(order, -score)  # how many score above the pair; order[above] is the pair's own
        others = len(order) - 1
        if self.model.background is not None and others < RIVALS_READ:  # a side with few rivals is filled up
            return rivals([-value for i, value in enumerate(order) if i != above], score, self.model.background)
        best = -order[0] if above > 0 else (-order[1] if others else None)
        third = (-order[2] if above > 2 else -order[3]) if others >= RIVALS_READ else None
        return Rivals(above, best, third)

    def _probabilities(self, pairs: list[tuple[int, int]]) -> np.ndarray:
        """The pair model's probability for each pair (a, b); 0 where b is not in a's neighbour list."""
        found = [(a, b, self.edges[a].get(b)) for a, b in pairs]
        known = self._scored([(a, b, sim) for a, b, sim in found if sim is not None])
        values, position = np.zeros(len(pairs)), 0
        for i, (_, _, sim) in enumerate(found):
            if sim is not None:
                values[i], position = known[position], position + 1
        return values

    def _scored(self, pairs: list[tuple[int, int, Similarity]]) -> np.ndarray:
        """The pair model's probability for each neighbour pair (a, b, their Similarity), in one matrix."""
        ranked: dict[int, list[float]] = {}
        rows = []
        for a, b, sim in pairs:
            c = sim.combined
            rows.append(features_of(sim, self._rivals(a, c, ranked), self._rivals(b, c, ranked)))
        return self.model.probability(np.array(rows)) if rows else np.zeros(0)

    def _recluster(self, number: int, candidates: list[tuple[int, Similarity]]) -> None:
        """Average-linkage clustering of the new article and its candidates' stories; story ids kept stable."""
        touched = list(dict.fromkeys(self.story_of[other] for other, _ in candidates))
        members = [number] + [m for story in touched for m in self.stories[story].members]
        if len(members) > MAX_NEIGHBOURHOOD:  # a huge story: place the new article only
            touched, members = touched[:1], [number] + self.stories[touched[0]].members[-MAX_NEIGHBOURHOOD:]
        position = {m: i for i, m in enumerate(members)}
        pairs = [(a, b, sim) for a in members for b, sim in self.edges.among(a, position)]  # each pair once, a < b
        matrix = np.zeros((len(members), len(members)))
        for (a, b, _), p in zip(pairs, self._scored(pairs)):
            matrix[position[a], position[b]] = matrix[position[b], position[a]] = p
        self._keep_apart(members, matrix)
        labels = average_linkage(matrix, self.model.threshold)
        self._relabel(members, labels)

    def _keep_apart(self, members: list[int], matrix: np.ndarray) -> None:
        """Dated articles further apart than the window count against a merge, whatever else links them.

        An undated article may resemble two events; without this it could pull a
        September story into a May one.
        """
        days = [self.profiles[m].published for m in members]
        if sum(day is not None for day in days) < 2:
            return
        window = timedelta(days=self.model.window_days)
        for i, a in enumerate(days):
            for j in range(i + 1, len(days)):
                b = days[j]
                if a is not None and b is not None and abs(a - b) > window:
                    matrix[i, j] = matrix[j, i] = -1.0

    def _relabel(self, members: list[int], labels: list[int]) -> None:
        """Give each new cluster the id of the old story it shares most members with (each id used once)."""
        clusters: dict[int, list[int]] = defaultdict(list)
        for member, label in zip(members, labels):
            clusters[label].append(member)
        used: set[int] = set()
        for group in sorted(clusters.values(), key=len, reverse=True):
            votes: dict[int, int] = defaultdict(int)
            for member in group:
                votes[self.story_of[member]] += 1
            ranked = sorted((story for story in votes if story not in used), key=lambda s: (-votes[s], s))
            story = ranked[0] if ranked else self._new_story()
            used.add(story)
            self._move(group, story)

    def _new_story(self) -> int:
        story = self._next_story
        self._next_story += 1
        self.stories[story] = StoryState(story)
        return story

    def bulk_load(self, items: list[Profile], stories: list[int], *, link: bool = True) -> None:
        """Fill an empty index with articles already grouped (restoring a saved feed, benchmarks).

        The vector index is built in one batch, far faster than adding articles one
        by one; with `link`, each article's neighbour list is then filled as a stream
        would have left it (one search per article), so later arrivals see real lists.
        """
        if len(self.profiles):
            raise ValueError("bulk_load needs an empty index")
        if not items:
            return
        self._file(items, stories)
        for _ in items:
            self.edges.append({})
        vectors = np.stack([p.vector for p in items]).astype(np.float32)
        if hasattr(self.vectors, "add_many"):
            self.vectors.add_many(np.arange(len(items)), vectors)
        else:
            for number, vector in enumerate(vectors):
                self.vectors.add(number, vector)
        if link:
            for number, profile in enumerate(items):
                found = self.vectors.search(profile.vector, self.model.neighbours + 1)
                linked = self.edges[number]
                self.edges.connect(
                    [
                        (number, other, similarity(profile, self.profiles[other]))
                        for other, _ in found
                        if other != number and other not in linked
                    ]
                )

    def restore(self, items: list[Profile], stories: list[int], edges: NeighbourLists) -> None:
        """Fill an empty index from a saved one: `self.vectors` already holds the articles' vectors (loaded from disk)
        and `edges` their neighbour lists as the stream left them, so nothing is searched or compared again."""
        if len(self.profiles):
            raise ValueError("restore needs an empty index")
        if len(self.vectors) != len(items) or len(edges) != len(items):
            raise ValueError(f"{len(items)} articles, but {len(self.vectors)} vectors and {len(edges)} neighbour lists")
        self._file(items, stories)
        self.edges = edges

    def _file(self, items: list[Profile], stories: list[int]) -> None:
        """Number articles already grouped and put each in its story (no search: `bulk_load` and `restore` link them)."""
        for number, (profile, story) in enumerate(zip(items, stories, strict=True)):
            self.profiles.append(profile)
            self._number[profile.key] = number
            if profile.fingerprint:
                self._fingerprints[profile.fingerprint] = number
            self.stories.setdefault(story, StoryState(story))
            self.story_of.append(story)
            self._admit(number, story)
            self._next_story = max(self._next_story, story + 1)

    def place(self, profile: Profile, story: int) -> None:
        """Index an article another process already filed in `story`: searched and linked, not re-clustered."""
        if profile.key in self._number:
            raise ValueError(f"article {profile.key!r} is already indexed")
        self.stories.setdefault(story, StoryState(story))
        self._next_story = max(self._next_story, story + 1)
        candidates = [
            (other, similarity(profile, self.profiles[other]))
            for other, _ in self.vectors.search(profile.vector, self.model.neighbours)
        ]
        number = len(self.profiles)
        self.profiles.append(profile)
        self._number[profile.key] = number
        if profile.fingerprint:
            self._fingerprints[profile.fingerprint] = number
        self.edges.append(dict(candidates))
        for other, sim in candidates:
            self.edges.link(other, number, sim)
        self.story_of.append(story)
        self._admit(number, story)
        self.vectors.add(number, profile.vector)

    def refile(self, key: str, story: int) -> None:
        """Move an indexed article to `story` because another process regrouped it (an emptied story is dropped)."""
        self.stories.setdefault(story, StoryState(story))
        self._next_story = max(self._next_story, story + 1)
        self._move([self._number[key]], story)

    def groups(self) -> list[list[str]]:
        """Member keys of every story (copies listed after their original), in story order."""
        return [
            [key for m in state.members for key in (self.profiles[m].key, *self.duplicates.get(self.profiles[m].key, ()))]
            for state in sorted(self.stories.values(), key=lambda s: min(s.members))
        ]


def average_linkage(similarity_matrix: np.ndarray, threshold: float) -> list[int]:
    """Cluster labels: merge while the average similarity between two clusters is at least `threshold`."""
    n = len(similarity_matrix)
    if n == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = 1.0 - similarity_matrix
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return [int(label) for label in fcluster(tree, t=1.0 - threshold, criterion="distance")]
