"""Retrieval metrics over TREC qrels: nDCG@10, MAP@100, MRR@10, Recall@100.

Conventions (those of trec_eval): gain = the judged grade, discount log2(rank + 1); the ideal
ranking sorts all judged grades > 0; average precision divides by all relevant documents of the
query; a query with no relevant document is left out.

    python3 bench/metrics.py --self-test
"""
import math
from collections import defaultdict


def read_qrels(path):
    qrels = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4:
                qrels[parts[0]][parts[2]] = int(parts[3])
    return qrels


def ndcg(ranking, judged, k=10):
    dcg = sum(judged.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranking[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def average_precision(ranking, judged, k=100):
    relevant = sum(1 for g in judged.values() if g > 0)
    found, total = 0, 0.0
    for rank, doc in enumerate(ranking[:k]):
        if judged.get(doc, 0) > 0:
            found += 1
            total += found / (rank + 1)
    return total / relevant if relevant else 0.0


def reciprocal_rank(ranking, judged, k=10):
    for rank, doc in enumerate(ranking[:k]):
        if judged.get(doc, 0) > 0:
            return 1.0 / (rank + 1)
    return 0.0


def recall(ranking, judged, k=100):
    relevant = sum(1 for g in judged.values() if g > 0)
    found = sum(1 for doc in ranking[:k] if judged.get(doc, 0) > 0)
    return found / relevant if relevant else 0.0


def evaluate(runs, qrels):
    """runs: query id -> ranked document ids. Returns the mean of each metric."""
    scores = defaultdict(list)
    for qid, judged in qrels.items():
        if not any(g > 0 for g in judged.values()):
            continue
        ranking = runs.get(qid, [])
        scores["ndcg@10"].append(ndcg(ranking, judged))
        scores["map@100"].append(average_precision(ranking, judged))
        scores["mrr@10"].append(reciprocal_rank(ranking, judged))
        scores["recall@100"].append(recall(ranking, judged))
    return {name: sum(v) / len(v) for name, v in scores.items()} | {"queries": len(scores["ndcg@10"])}


def self_test():
    # A worked example, computed by hand:
    # relevant: a (grade 2), b (1), c (1); ranking: x a y b.
    judged = {"a": 2, "b": 1, "c": 1, "x": 0}
    ranking = ["x", "a", "y", "b"]
    # DCG = 2/log2(3) + 1/log2(5) = 1.26186 + 0.43068 = 1.69254
    # IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.63093 + 0.5 = 3.13093
    assert abs(ndcg(ranking, judged) - 1.69254 / 3.13093) < 1e-4
    # AP = (1/2 + 2/4) / 3 = 0.33333
    assert abs(average_precision(ranking, judged) - 1 / 3) < 1e-9
    assert reciprocal_rank(ranking, judged) == 0.5
    assert abs(recall(ranking, judged) - 2 / 3) < 1e-9
    assert reciprocal_rank(["x", "y"], judged) == 0.0
    means = evaluate({"q1": ranking}, {"q1": judged, "q2": {"z": 0}})
    assert means["queries"] == 1  # q2 has no relevant document
    print("metrics self-test passed")


if __name__ == "__main__":
    import sys
    if "--self-test" in sys.argv:
        self_test()
