"""How well `casualty extract` finds casualty figures: precision, recall, source and scope
accuracy on the hand annotations in Tests/CasualtyDataTests/Fixtures/extract-gold.json, beside
a keyword regular expression, and the speed in MB of text per second.

    python3 Benchmarks/extract/evaluate.py [--binary PATH] [--no-speed]

Scoring (the issue's definition): on figures of event scope, a figure is right when its span
overlaps the annotated span and its number(s), kind and outcomes are right. Recall: annotated
event-scope figures found right. Precision: predicted figures that are right, over predicted
figures that do not overlap an annotated figure of another scope (those are scored by scope
accuracy instead). Source accuracy: of annotated figures with a source whose span was found,
the share whose predicted source names it (one contains the other, ignoring case and
punctuation). Sources made up: of annotated figures the outlet states itself (no source) whose
span was found, the share given a source all the same (a place or topic label before a
headline's colon, "Clashes claim 30 lives"). Scope accuracy: of annotated figures whose span was found, the share with the
right scope. The held-out sets were annotated after the rules were written and are never
used to change them: they say what to expect on unseen text. Appends to Benchmarks/extract/RESULTS.md with the date and machine.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLD = os.path.join(ROOT, "Tests/CasualtyDataTests/Fixtures/extract-gold.json")
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def text_of(t):
    return t["text"] if "text" in t else open(os.path.join(SHARED, t["file"]), encoding="utf-8").read()


def span_range(body, g):
    at = -1
    for _ in range(g["occurrence"] + 1):
        at = body.index(g["span"], at + 1)
    return at, at + len(g["span"])


def right(p, g):
    if p["kind"] != g["kind"] or sorted(p["outcome"]) != sorted(g["outcome"]):
        return False
    if g["kind"] == "range":
        return p["low"] == g["low"] and p["high"] == g["high"]
    if g["kind"] == "vague":
        return g["word"] in p["claim"].lower()
    return p["value"] == g["value"]


def key(s):
    return re.sub(r"[^a-z0-9 ]", "", (s or "").lower()).strip()


def score(texts, predicted):
    c = dict(gold=0, found=0, pred=0, tp=0, src_n=0, src_ok=0, scope_n=0, scope_ok=0, own_n=0, own_bad=0)
    for t in texts:
        body = text_of(t)
        preds = predicted[t["id"]]
        golds = [(g, span_range(body, g)) for g in t["figures"]]
        for g, (s, e) in golds:
            over = [p for p in preds if p["start"] < e and s < p["end"]]
            if over:
                c["scope_n"] += 1
                c["scope_ok"] += any(p["scope"] == g["scope"] for p in over)
                if g["source"]:
                    c["src_n"] += 1
                    c["src_ok"] += any(key(g["source"]) in key(p["source"]) or (p["source"] and key(p["source"]) in key(g["source"]))
                                       for p in over)
                else:
                    c["own_n"] += 1
                    c["own_bad"] += all(p["source"] for p in over)
            if g["scope"] == "event":
                c["gold"] += 1
                c["found"] += any(right(p, g) for p in over)
        for p in preds:
            over = [g for g, (s, e) in golds if p["start"] < e and s < p["end"]]
            if over and all(g["scope"] != "event" for g in over):
                continue
            c["pred"] += 1
            c["tp"] += any(right(p, g) for g in over if g["scope"] == "event")
    return c


def run_extractor(binary, texts):
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for t in texts:
            path = os.path.join(tmp, t["id"] + ".txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text_of(t))
            paths.append(path)
        res = json.loads(subprocess.run([binary, "extract", "--format", "json"] + paths, check=True,
                                        capture_output=True, text=True).stdout)
        for t, d in zip(texts, res["documents"]):
            out[t["id"]] = d["figures"]
    return out


NUM = r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty)"


def run_regex(texts):
    """The keyword baseline: a number within three words before killed/wounded/dead/injured."""
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
             "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
             "forty": 40, "fifty": 50}
    out = {}
    pat = re.compile(r"\b" + NUM + r"\b(?:\s+\S+){0,3}?\s+(killed|wounded|dead|injured)\b", re.I)
    for t in texts:
        body = text_of(t)
        figs = []
        for m in pat.finditer(body):
            n = m.group(1).lower()
            v = words.get(n) or float(n.replace(",", ""))
            o = {"killed": "killed", "dead": "killed", "wounded": "wounded", "injured": "wounded"}[m.group(2).lower()]
            figs.append({"start": m.start(), "end": m.end(), "kind": "exact", "value": v, "low": None, "high": None,
                         "claim": n, "outcome": [o], "source": None, "scope": "event"})
        out[t["id"]] = figs
    return out


def ratio(a, b):
    return a / b if b else float("nan")


def speed(binary):
    seeds = "".join(open(os.path.join(SHARED, "seeds", f), encoding="utf-8").read() + "\n\n"
                    for f in sorted(os.listdir(os.path.join(SHARED, "seeds"))))
    # One file per copy of the seeds: the extractor reads a sentence said again word for word
    # in one document once, so a single file of repeats would time the repeats' skipping.
    with tempfile.TemporaryDirectory() as tmp:
        paths, size = [], 0
        while size < 8 << 20:
            path = os.path.join(tmp, "copy%04d.txt" % len(paths))
            with open(path, "w", encoding="utf-8") as f:
                f.write(seeds)
            paths.append(path)
            size += os.path.getsize(path)
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([binary, "extract", "--format", "json"] + paths, check=True, capture_output=True)
            runs.append(time.perf_counter() - t0)
        return size / min(runs) / 1e6, size


def airwars_agreement(binary):
    """Over every Airwars assessment whose coded "Civilians reported killed" is a positive
    number or range ("3 – 7"): the share where some figure the extractor finds of event scope
    and outcome killed has that number (or either end of the range) as its value or an end.
    A large-sample check of the headline figure, not the issue's metric: Airwars often codes a
    count it compiled from a list of names, which no single figure in the text states. Only the
    prose is read: each assessment ends in Airwars' summary block (", SummaryStrike status...
    Civilians reported killed22(...)"), which states the coded count itself."""
    rows = list(csv.DictReader(open(os.path.join(SHARED, "data", "airwars-gaza-incidents-2023.csv"), encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for i, r in enumerate(rows):
            text = re.split(r",\s*(?:Summary)?Strike status", r["Airwars_assessment"])[0]
            if text and text != "NA":
                files[i] = os.path.join(tmp, "%03d.txt" % i)
                with open(files[i], "w", encoding="utf-8") as f:
                    f.write(text)
        out = subprocess.run([binary, "extract", "--format", "json"] + list(files.values()), check=True,
                             capture_output=True, text=True).stdout
    figures = {d["file"]: d["figures"] for d in json.loads(out)["documents"]}
    coded = agree = 0
    for i, path in files.items():
        wanted = [int(v) for v in re.findall(r"\d+", rows[i]["Civilians reported killed"])]
        if not wanted or max(wanted) == 0:
            continue
        coded += 1
        found = {int(f[k]) for f in figures.get(path, []) if "killed" in f["outcome"] and f["scope"] == "event"
                 for k in ("value", "low", "high") if f.get(k) is not None}
        agree += any(v in found for v in wanted)
    return agree, coded


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary")
    ap.add_argument("--no-speed", action="store_true")
    a = ap.parse_args()
    binary = a.binary
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--product", "casualty"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                                             check=True, capture_output=True, text=True).stdout.strip(), "casualty")
    texts = json.load(open(GOLD, encoding="utf-8"))["texts"]
    lines = ["", "## %s on %s, %d cores" % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), platform.platform(),
                                             os.cpu_count()), "",
             "| texts | tool | gold figures (event) | predicted | precision | recall | source right | scope right "
             "| sources made up |",
             "|---|---|---|---|---|---|---|---|---|"]
    sets = [("short (UCDP headlines 0-159)", "short"), ("articles (seeds, 5 Airwars)", "article"),
            ("held out: short (UCDP headlines 160-259)", "held-out-short"),
            ("held out: articles (3 Airwars)", "held-out-article"),
            ("held out 2: short (100 UCDP headlines from row 378)", "held-out-short-2"),
            ("held out 3: short (100 UCDP headlines from row 700)", "held-out-short-3"),
            ("held out 4: short (97 UCDP headlines from row 858)", "held-out-short-4"),
            ("held out 5: short (the last 98 UCDP headlines, rows 535-699; annotated 2026-11-30)", "held-out-short-5"),
            ("held out 2: articles (12 Airwars, every 50th)", "held-out-article-2"),
            ("held out 3: articles (13 Airwars, every 50th from 25)", "held-out-article-3"),
            ("held out 4: articles (13 Airwars, every 50th from 40)", "held-out-article-4"),
            ("held out 5: articles (13 Airwars, every 50th from 30)", "held-out-article-5"),
            ("held out 6: articles (13 Airwars, every 50th from 45)", "held-out-article-6"),
            ("held out 7: articles (13 Airwars, every 50th from 15; annotated 2026-11-30)", "held-out-article-7"),
            ("held out 8: articles (13 Airwars, every 50th from 35; annotated 2026-11-30)", "held-out-article-8"),
            ("held out 9: articles (13 Airwars, every 50th from 20; annotated 2026-11-30)", "held-out-article-9"),
            ("held out: history (43 CWSAC battle descriptions)", "held-out-history"),
            ("held out 2: history (43 CWSAC battle descriptions, every fifth from the third)", "held-out-history-2"),
            ("held out 3: history (43 CWSAC battle descriptions, every fifth from the second; annotated 2026-11-30)",
             "held-out-history-3"),
            ("held out 4: history (43 CWSAC battle descriptions, every fifth from the fourth; annotated 2026-11-30)",
             "held-out-history-4"),
            ("held out 5: history (43 CWSAC battle descriptions, every fifth from the fifth; annotated 2026-11-30)",
             "held-out-history-5")]
    for name, key in sets:
        subset = [t for t in texts if t["set"] == key]
        for tool, preds in [("casualty extract", run_extractor(binary, subset)), ("keyword regex", run_regex(subset))]:
            c = score(subset, preds)
            lines.append("| %s | %s | %d | %d | %.2f | %.2f | %s | %s | %s |" % (
                name, tool, c["gold"], c["pred"], ratio(c["tp"], c["pred"]), ratio(c["found"], c["gold"]),
                "%.2f (%d)" % (ratio(c["src_ok"], c["src_n"]), c["src_n"]) if tool != "keyword regex" else "-",
                "%.2f (%d)" % (ratio(c["scope_ok"], c["scope_n"]), c["scope_n"]) if tool != "keyword regex" else "-",
                "%.2f (%d)" % (ratio(c["own_bad"], c["own_n"]), c["own_n"]) if tool != "keyword regex" else "-"))
    agree, coded = airwars_agreement(binary)
    lines += ["", "Airwars' own count: of %d assessments coded with a positive number killed, %d (%.2f) have an "
              "extracted event-scope killed figure with that number (or an end of the coded range)."
              % (coded, agree, agree / coded)]
    if not a.no_speed:
        mbps, size = speed(binary)
        lines += ["", "Speed: %.1f MB/s (%.1f MB: the seed articles in one file per copy, `--format json`, best of 3, release)."
                  % (mbps, size / 1e6)]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "Benchmarks/extract/RESULTS.md"), "a") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
