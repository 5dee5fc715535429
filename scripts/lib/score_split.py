#!/usr/bin/python3
"""Scores forecast files on a check's development and holdout parts separately (issue #10's evaluation discipline).

usage: score_split.py [--by-series] CHECK_DIR HOLDOUT_SHARE FORECAST.csv [FORECAST2.csv ...]

CHECK_DIR is a check as in shared/eval (data/actuals.csv, data/tasks.csv, scripts/score.py). The holdout is the
latest HOLDOUT_SHARE of the origin dates (rounded up) and, when the check has several series, the same share of its
series (every k-th by name) at every origin; development is the rest. Choices are to be made on development only;
the holdout is looked at to report. Each part is scored by the check's own scorer, unchanged, on a copy of the check
whose tasks.csv lists that part's tasks.
"""
import math
import os
import shutil
import subprocess
import sys
import tempfile

import pandas as pd


def parts(tasks, share):
    origins = sorted(tasks.origin.unique())
    held_origins = set(origins[len(origins) - math.ceil(len(origins) * share):])
    series = sorted(tasks.series.unique())
    held_series = set()
    if len(series) > 1:
        step = max(2, round(1 / share))
        held_series = set(series[step - 1::step])
    holdout = tasks.origin.isin(held_origins) | tasks.series.isin(held_series)
    return tasks[~holdout], tasks[holdout]


def score(check, tasks, files, options=()):
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(f"{tmp}/data")
        os.makedirs(f"{tmp}/scripts")
        os.symlink(os.path.abspath(f"{check}/data/actuals.csv"), f"{tmp}/data/actuals.csv")
        tasks.to_csv(f"{tmp}/data/tasks.csv", index=False)
        shutil.copy(f"{check}/scripts/score.py", f"{tmp}/scripts/score.py")
        out = subprocess.run([sys.executable, f"{tmp}/scripts/score.py", "--markdown", *options]
                             + [os.path.abspath(f) for f in files], capture_output=True, text=True, check=True)
        return out.stdout


def main(argv):
    options = [a for a in argv if a == "--by-series"]
    argv = [a for a in argv if a != "--by-series"]
    check, share, files = argv[0], float(argv[1]), argv[2:]
    tasks = pd.read_csv(f"{check}/data/tasks.csv")
    for name, part in zip(("development", "holdout"), parts(tasks, share)):
        print(f"## {name}: {len(part)} tasks, origins {part.origin.min()} .. {part.origin.max()},"
              f" {part.series.nunique()} series\n")
        print(score(check, part, files, options))


if __name__ == "__main__":
    main(sys.argv[1:])
