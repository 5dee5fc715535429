#!/usr/bin/python3
"""Scores the upper bounds of day totals (what a day's table is sized by) on a check's development and holdout parts.

usage: score_totals.py CHECK_DIR HOLDOUT_SHARE DAY_TOTALS.csv

DAY_TOTALS.csv is what `scripts/backtest --totals-out` writes: per task and day ahead the actual total, the point
total, the upper bound calibrated on day totals (`upper`) and the one assembled from hourly margins (`upper_hourly`).
Parts are cut as score_split.py cuts them. Per bound: coverage (share of days whose total stayed at or under it),
pinball loss at the bound's quantile scaled by the mean actual day total per series (in %), and the median of
upper ÷ point (how much capacity the bound asks beyond the expectation).
"""
import sys

import pandas as pd

from score_split import parts


def figures(frame, column, q):
    d = frame.actual - frame[column]
    loss = (q * d).where(d >= 0, (q - 1) * d)
    scale = frame.groupby("series").actual.transform("mean")
    return {
        "coverage": (frame.actual <= frame[column] + 1e-6).mean(),
        f"PL{q * 100:g}": 100 * (loss / scale).mean(),
        "upper/point": (frame[column] / frame.point.where(frame.point > 0)).median(),
    }


def main(argv):
    check, share, totals_file = argv[0], float(argv[1]), argv[2]
    q = float(argv[3]) if len(argv) > 3 else 0.975
    tasks = pd.read_csv(f"{check}/data/tasks.csv")
    totals = pd.read_csv(totals_file, parse_dates=False).dropna(subset=["actual"])
    totals["origin"] = totals.origin.astype(str)
    tasks["origin"] = tasks.origin.astype(str)
    for name, part in zip(("development", "holdout"), parts(tasks, share)):
        keys = part[["series", "origin"]].astype(str)
        frame = totals.merge(keys, on=["series", "origin"])
        print(f"## day totals, {name}: {len(frame)} days of {part.series.nunique()} series\n")
        print("| bound | coverage | PL | upper ÷ point (median) |\n|---|---:|---:|---:|")
        for column, label in (("upper", "calibrated on day totals"), ("upper_hourly", "from hourly margins")):
            f = figures(frame, column, q)
            print(f"| {label} | {f['coverage']:.3f} | {list(f.values())[1]:.2f} | {f['upper/point']:.2f} |")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
