"""Run `casualty batch` on Apache Spark: the claims table partitioned by event, each partition
piped through `casualty batch -` (RDD.pipe), the rows gathered into one output file.

    python3 scripts/spark-batch.py CLAIMS.csv --out estimates.csv [--partitions N] \
        [--master local[2]] [--casualty PATH] [-- BATCH FLAGS...]

Everything after `--` goes to `casualty batch` unchanged (e.g. `--method laplace,meta-dl`
`--seed 7`). Each event's rows stay together and in file order (a row number is attached
before the shuffle and the partition is sorted by it), so every event is estimated exactly
as on one machine: the output rows are the same, in the order of the events in the input
(tested: `CASUALTY_SPARK=1 swift test --filter spark`). Each partition is estimated with
`--threads 1` unless the flags say otherwise; Spark runs the partitions in parallel.

Needs: `pip install pyspark` and a Java runtime (Debian: `apt-get install default-jre-headless`).
`--master` defaults to local[2] (both cores of one machine); on a cluster, pass its master
URL and make the casualty binary available at the same path on every worker (or use
--casualty with a path on shared storage).
"""
import argparse
import csv
import io
import os
import shlex
import subprocess
import sys
import tempfile


def parse_args(argv):
    batch_flags = []
    if "--" in argv:
        i = argv.index("--")
        argv, batch_flags = argv[:i], argv[i + 1:]
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("claims")
    p.add_argument("--out", required=True)
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--master", default="local[2]")
    p.add_argument("--casualty", default=None, help="the casualty binary (default: the release build)")
    args = p.parse_args(argv)
    args.batch_flags = batch_flags
    return args


def casualty_binary(root):
    subprocess.run(["swift", "build", "-c", "release", "--product", "casualty"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "casualty")


def csv_line(values):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(values)
    return buf.getvalue()


def main(argv):
    args = parse_args(argv)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.casualty or casualty_binary(root)
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(args.master).appName("casualty-batch")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    # The table read by Spark (quoted newlines kept), every row numbered in file order.
    df = spark.read.csv(args.claims, header=True, multiLine=True, escape='"', inferSchema=False, encoding="UTF-8")
    header = [c.lstrip("\ufeff") for c in df.columns]
    event_col = [h.strip().lower() for h in header].index("event")
    rows = df.rdd.map(lambda r: ["" if v is None else v for v in r]).zipWithIndex().map(lambda ri: (ri[1], ri[0]))
    # Partition by event (every row of an event in one partition), sorted by row number.
    by_event = rows.map(lambda nr: (nr[1][event_col], nr)).partitionBy(args.partitions)
    first_row = rows.map(lambda nr: (nr[1][event_col], nr[0])).reduceByKey(min)
    def partition_text(items):
        ordered = sorted((nr for _, nr in items), key=lambda nr: nr[0])
        yield csv_line(header)
        for _, row in ordered:
            yield csv_line(row)
    command = [binary, "batch", "-"] + (["--threads", "1"] if "--threads" not in args.batch_flags else []) \
        + args.batch_flags
    env = dict(os.environ, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    piped = by_event.mapPartitions(partition_text).pipe(shlex.join(command), env=env)
    lines = piped.collect()
    order = first_row.collectAsMap()
    spark.stop()
    out_header = None
    body = []
    for line in lines:
        if line.startswith("event,quantity,method"):
            out_header = line
        else:
            body.append(line)
    if out_header is None:
        sys.exit("casualty batch gave no output")
    # Back to the input order of the events (the single-machine order); an event's rows
    # stay in the order casualty wrote them.
    keyed = []
    for i, line in enumerate(body):
        event = next(csv.reader([line]))[0]
        keyed.append((order.get(event, -1), i, line))
    keyed.sort()
    tmp = tempfile.NamedTemporaryFile("w", delete=False, dir=os.path.dirname(os.path.abspath(args.out)),
                                      suffix=".tmp")
    with tmp:
        tmp.write(out_header + "\n")
        for _, _, line in keyed:
            tmp.write(line + "\n")
    os.replace(tmp.name, args.out)
    print("spark: %d events in %d partitions, %d rows; wrote %s" % (len(order), args.partitions, len(body), args.out),
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
