#!/usr/bin/env python3
"""Reference scores for RFTSim's text_similarity metrics, from the Python libraries they emulate.

Generates text pairs deterministically (seeded), scores each with the reference library, and
prints one JSON object per line: {"id", "input", "reference", "scores": {metric: value|null}}.
A null score means the library raised on that pair; the error text is in "errors".

The exact reference calls (tokens are the text split on whitespace, Python's str.split()):
  fuzzy_match  rapidfuzz.fuzz.WRatio(input, reference) / 100
  bleu         nltk sentence_bleu([ref_tokens], in_tokens, smoothing_function=SmoothingFunction().method1)
  gleu         nltk sentence_gleu([ref_tokens], in_tokens)
  meteor       nltk meteor_score([ref_tokens], in_tokens)   (WordNet 3.0 via NLTK_DATA)
  rouge_N/L    rouge_score RougeScorer(["rougeN"/"rougeL"]).score(reference, input)[...].fmeasure

Usage: similarity_reference.py [--count N] [--seed S] [--metrics m1,m2,...]
Pinned versions (the platform's python-grader image 2025-05-08): rapidfuzz 3.10.1, nltk 3.9.1,
rouge-score 0.1.2.
"""
import argparse
import json
import random
import sys
import warnings

warnings.filterwarnings("ignore")

ALL_METRICS = ["fuzzy_match", "bleu", "gleu", "meteor",
               "rouge_1", "rouge_2", "rouge_3", "rouge_4", "rouge_5", "rouge_l"]

# Words with WordNet synonyms and inflections, so METEOR's stem and synonym stages are exercised.
WORDS = """the a an cat cats kitty dog dogs puppy sat sits sitting run running ran runs big large huge
small little tiny house home houses quick fast rapid slow brown fox jumps jumped over lazy
policy policies compliant compliance review reviewed employee employees password passwords data
access grant granted deny denied manager approve approved request requests security secure
happy glad sad unhappy car automobile cars buy purchase bought answer answers reply correct right
wrong incorrect is are was were be been has have had on in at of to for with by from and or not
no yes maybe because however therefore contract clause termination liability indemnify party
parties revenue income profit loss quarter annual report total 42 3.14 2024 $100 10% x y z""".split()
UNICODE = ["café", "naïve", "Straße", "ÉCOLE", "東京", "日本語", "😀", "🚀rocket", "e\u0301", "Ωmega",
           "привет", "مرحبا", "İstanbul", "ﬁne", "\u00a0nbsp", "tab\tbed", "x\u3000y", "zero\u200bwidth"]
PUNCT = ["!", "?", ".", ",", ";", ":", "...", "--", "(", ")", "\"", "'", "#", "@", "&", "*", "-", "/"]
SPACES = [" ", " ", " ", "  ", "\t", "\n", " \n ", "\u3000", "\u2003", "\x0b", "\x1c"]


def join(rng, tokens):
    out = ""
    for i, t in enumerate(tokens):
        out += (rng.choice(SPACES) if i else "") + t
    return out


def sentence(rng, n):
    return [rng.choice(WORDS) for _ in range(n)]


def perturb(rng, tokens):
    tokens = list(tokens)
    for _ in range(rng.randint(0, max(1, len(tokens) // 3))):
        op = rng.random()
        if not tokens:
            break
        i = rng.randrange(len(tokens))
        if op < 0.25:
            tokens[i] = rng.choice(WORDS)
        elif op < 0.45:
            del tokens[i]
        elif op < 0.6:
            tokens.insert(i, rng.choice(WORDS))
        elif op < 0.7:
            tokens[i] = tokens[i].upper() if rng.random() < 0.5 else tokens[i].capitalize()
        elif op < 0.8:
            tokens[i] = tokens[i] + rng.choice(PUNCT)
        elif op < 0.9 and len(tokens) > 1:
            j = rng.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        else:
            tokens[i] = tokens[i][:-1] if len(tokens[i]) > 1 else tokens[i]
    return tokens


def make_pair(rng, k):
    kind = k % 10
    if kind == 0:  # ordinary sentences, one a perturbed copy of the other
        ref = sentence(rng, rng.randint(3, 30))
        return join(rng, perturb(rng, ref)), join(rng, ref)
    if kind == 1:  # unrelated sentences
        return join(rng, sentence(rng, rng.randint(1, 25))), join(rng, sentence(rng, rng.randint(1, 25)))
    if kind == 2:  # Unicode
        ref = [rng.choice(UNICODE + WORDS) for _ in range(rng.randint(1, 12))]
        return join(rng, perturb(rng, ref)), join(rng, ref)
    if kind == 3:  # empty and blank strings
        other = join(rng, sentence(rng, rng.randint(0, 6)))
        blank = rng.choice(["", " ", "\n\t", "\u3000"])
        return (blank, other) if rng.random() < 0.5 else (other, blank)
    if kind == 4:  # punctuation only
        a = join(rng, [rng.choice(PUNCT) for _ in range(rng.randint(1, 6))])
        b = join(rng, [rng.choice(PUNCT + WORDS[:10]) for _ in range(rng.randint(1, 6))])
        return a, b
    if kind == 5:  # repeated words
        w = rng.choice(WORDS)
        return join(rng, [w] * rng.randint(1, 12)), join(rng, [w] * rng.randint(1, 12) + sentence(rng, rng.randint(0, 3)))
    if kind == 6:  # long texts
        ref = sentence(rng, rng.randint(100, 300))
        return join(rng, perturb(rng, ref)), join(rng, ref)
    if kind == 7:  # identical
        s = join(rng, sentence(rng, rng.randint(1, 20)))
        return s, s
    if kind == 8:  # characters glued: no spaces, mixed case, digits
        ref = "".join(sentence(rng, rng.randint(1, 6)))
        return ref.swapcase() if rng.random() < 0.5 else ref[::-1], ref
    # about 30 words, the benchmark size
    ref = sentence(rng, 30)
    return join(rng, perturb(rng, ref)), join(rng, ref)


def scorers(metrics):
    out = {}
    if "fuzzy_match" in metrics:
        from rapidfuzz import fuzz
        out["fuzzy_match"] = lambda i, r: fuzz.WRatio(i, r) / 100
    if "bleu" in metrics:
        from nltk.translate.bleu_score import sentence_bleu, SmoothingFunction
        smooth = SmoothingFunction().method1
        out["bleu"] = lambda i, r: sentence_bleu([r.split()], i.split(), smoothing_function=smooth)
    if "gleu" in metrics:
        from nltk.translate.gleu_score import sentence_gleu
        out["gleu"] = lambda i, r: sentence_gleu([r.split()], i.split())
    if "meteor" in metrics:
        from nltk.translate.meteor_score import meteor_score
        out["meteor"] = lambda i, r: meteor_score([r.split()], i.split())
    for m in metrics:
        if m.startswith("rouge_"):
            from rouge_score import rouge_scorer
            key = "rougeL" if m == "rouge_l" else "rouge" + m[-1]
            scorer = rouge_scorer.RougeScorer([key])
            out[m] = (lambda s, k: lambda i, r: s.score(r, i)[k].fmeasure)(scorer, key)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--metrics", default=",".join(ALL_METRICS))
    args = parser.parse_args()
    metrics = [m for m in args.metrics.split(",") if m]
    unknown = set(metrics) - set(ALL_METRICS)
    if unknown:
        sys.exit(f"unknown metrics {sorted(unknown)}; allowed: {ALL_METRICS}")
    fns = scorers(metrics)
    rng = random.Random(args.seed)
    for k in range(args.count):
        inp, ref = make_pair(rng, k)
        scores, errors = {}, {}
        for m in metrics:
            try:
                scores[m] = float(fns[m](inp, ref))
            except Exception as e:  # the library's own failure is part of the reference
                scores[m] = None
                errors[m] = f"{type(e).__name__}: {e}"
        row = {"id": k, "input": inp, "reference": ref, "scores": scores}
        if errors:
            row["errors"] = errors
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
