"""The two baselines story grouping is measured against.

- TF-IDF + agglomerative clustering: the textbook batch method — every pair
  compared, average linkage, cut at a cosine distance tuned on dev. It sees
  the whole split at once, which a stream never does.
- MinHash near-duplicate grouping: datasketch's MinHash LSH over word
  3-gram shingles, grouping texts whose estimated Jaccard overlap passes a
  threshold tuned on dev. It finds copies, not coverage of one event in other
  words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"\w+")


def tfidf_agglomerative(texts: Sequence[str], distance: float) -> list[int]:
    """Cluster labels: average-linkage agglomerative clustering on TF-IDF cosine distance."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return list(range(len(texts)))
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    clustering = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance)
    return [int(label) for label in clustering.fit_predict(matrix.toarray())]


def minhash_groups(texts: Sequence[str], threshold: float, shingle: int = 3, permutations: int = 128) -> list[int]:
    """Connected components of the MinHash LSH 'near duplicate' relation."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=permutations)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for number, text in enumerate(texts):
        tokens = [t.lower() for t in _WORD.findall(text)]
        grams = {" ".join(tokens[i : i + shingle]) for i in range(max(1, len(tokens) - shingle + 1))}
        signature = MinHash(num_perm=permutations)
        for gram in grams:
            signature.update(gram.encode("utf-8"))
        for other in lsh.query(signature):
            parent[find(number)] = find(other)
        lsh.insert(number, signature)
    return [find(i) for i in range(len(texts))]
