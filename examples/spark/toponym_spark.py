#!/usr/bin/env python3
"""Run `toponym resolve` over partitioned JSONL on Apache Spark.

Input: files, directories or globs of JSONL, one {"id": …, "text": …} per line. Output: a
directory of part files, one resolved document per line, exactly as
`toponym resolve --input jsonl --format jsonl` prints it.

Each partition is piped through one `toponym` process. The gazetteer is compiled into the binary,
so a process needs nothing but the binary: no shared state, no warm-up, nothing to broadcast.

Invariants:
- Lines go to toponym as raw bytes, so it sees what a single process reading the files would see
  (including its own lossy decoding of invalid UTF-8).
- A partition either yields one output line per non-blank input line or its task fails: a
  non-zero exit fails the task with toponym's stderr, and a count mismatch fails it too.
- Documents keep their order within a partition; across partitions, order is Spark's.

    python toponym_spark.py --master 'local[2]' articles/ resolved/
    spark-submit --master yarn --files /path/to/toponym toponym_spark.py --toponym toponym \\
        'hdfs:///news/*.jsonl' hdfs:///news-resolved
"""

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time

from pyspark import SparkFiles
from pyspark.sql import SparkSession

# What Rust's `str::trim` removes: toponym skips a line that is empty after trimming.
WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u2028\u2029\u202f\u205f\u3000"


def locate(binary):
    """The path of the toponym binary on this machine.

    A name with a slash is used as given. A bare name is looked for where Spark puts shipped
    files (`sc.addFile`, `--files` on standalone and Kubernetes), then in the working directory
    (`--files` on YARN), then on PATH.
    """
    if os.sep in binary:
        return binary
    for candidate in (SparkFiles.get(binary), os.path.join(os.getcwd(), binary)):
        if os.path.isfile(candidate):
            if not os.access(candidate, os.X_OK):
                os.chmod(candidate, 0o755)
            return candidate
    found = shutil.which(binary)
    if found is None:
        raise FileNotFoundError(f"toponym binary {binary!r} not shipped with the job and not on PATH")
    return found


def resolve_partition(binary, options, documents):
    """Returns a function that pipes one partition's lines (bytes) through `toponym resolve`."""

    def run(index, lines):
        command = [locate(binary), "resolve", "--input", "jsonl", "--format", "jsonl", *options]
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        fed = {"lines": 0, "error": None}
        stderr = []

        # Feed stdin and drain stderr on their own threads, so that no pipe fills up and blocks
        # toponym while this thread reads its stdout.
        def feed():
            try:
                for line in lines:
                    proc.stdin.write(line + b"\n")
                    if line.decode("utf-8", "replace").strip(WHITESPACE):
                        fed["lines"] += 1
            except BrokenPipeError:
                pass  # toponym stopped reading; its exit status and stderr say why
            except BaseException as e:  # re-raised on the task's thread below
                fed["error"] = e
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        feeder = threading.Thread(target=feed, daemon=True)
        drainer = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
        feeder.start()
        drainer.start()

        written = 0
        try:
            for line in proc.stdout:
                written += 1
                yield line.rstrip(b"\n")
            status = proc.wait()
        finally:
            if proc.poll() is None:  # the task was cancelled part-way: leave no process behind
                proc.kill()
                proc.wait()
        feeder.join()
        drainer.join()

        message = stderr[0].decode("utf-8", "replace").strip()
        if fed["error"] is not None:
            raise RuntimeError("reading the partition's input failed") from fed["error"]
        if status != 0:
            raise RuntimeError(f"partition {index}: {' '.join(command)} exited with status {status} "
                               f"(its line numbers count from the partition's first line): {message}")
        if written != fed["lines"]:
            raise RuntimeError(f"partition {index}: toponym wrote {written} documents "
                               f"for {fed['lines']} input lines: {message}")
        if message:
            print(message, file=sys.stderr)  # warnings (invalid UTF-8, …) go to the executor log
        documents.add(written)

    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="JSONL input: file, directory or glob (comma-separated for several)")
    parser.add_argument("output", help="output directory (must not exist); one part file per partition")
    parser.add_argument("--toponym", default="toponym", help="toponym binary: a path, or a name shipped "
                        "with --files / --ship or on PATH (default: toponym)")
    parser.add_argument("--ship", action="store_true", help="ship the --toponym binary to the executors "
                        "(sc.addFile) instead of expecting it on every node")
    parser.add_argument("--adjectives", action="store_true", help="pass --adjectives to toponym resolve")
    parser.add_argument("--partitions", type=int, help="at least this many input partitions "
                        "(default: Spark's split of the input files)")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: what spark-submit sets)")
    args = parser.parse_args(argv)

    builder = SparkSession.builder.appName("toponym resolve").config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
    sc = builder.getOrCreate().sparkContext

    binary = args.toponym
    if args.ship:
        local = binary if os.sep in binary else shutil.which(binary)
        if local is None or not os.path.isfile(local):
            parser.error(f"--ship: no toponym binary at {binary!r}")
        sc.addFile(os.path.abspath(local))
        binary = os.path.basename(local)
    options = ["--adjectives"] if args.adjectives else []

    documents = sc.accumulator(0)
    started = time.monotonic()
    lines = sc.textFile(args.input, minPartitions=args.partitions, use_unicode=False)
    lines.mapPartitionsWithIndex(resolve_partition(binary, options, documents)).saveAsTextFile(args.output)
    print(f"toponym_spark: {documents.value} documents in {lines.getNumPartitions()} partitions "
          f"-> {args.output} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    sc.stop()


if __name__ == "__main__":
    main()
