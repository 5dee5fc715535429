#!/usr/bin/python3
"""Copies a forecast check with every task's origin moved by a number of hours: the same series and horizons, forecast
from another clock hour (issue #10's review saw coverage fall when the tasks were shifted by 12 hours).

usage: shift_check.py CHECK_DIR HOURS OUT_DIR

OUT_DIR gets data/actuals.csv (a link), data/events.csv (a link, if the check has one), data/tasks.csv with origins
and origin_idx moved by HOURS and each task's training start moved alike but never before the series' first hour, and
the check's scorer. Not the anchors: their forecasts are for the unshifted origins. A shift that would take a task's
168 hours past the end of its series is refused (shift the other way).
"""
import os
import shutil
import sys

import pandas as pd

HORIZON = 168


def main(argv):
    check, hours, out = argv[0], int(argv[1]), argv[2]
    tasks = pd.read_csv(f"{check}/data/tasks.csv")
    actuals = pd.read_csv(f"{check}/data/actuals.csv", usecols=["series", "hour_iso"])
    first = pd.to_datetime(actuals.groupby("series").hour_iso.min())
    last = pd.to_datetime(actuals.groupby("series").hour_iso.max())
    shift = pd.to_timedelta(hours, unit="h")
    origin = pd.to_datetime(tasks.origin) + shift
    end = origin + pd.to_timedelta(HORIZON - 1, unit="h")
    beyond = end > tasks.series.map(last)
    if beyond.any():
        sys.exit(f"a shift of {hours} h takes {beyond.sum()} task(s) past their series' end "
                 f"(first: {tasks.series[beyond].iloc[0]} at {origin[beyond].iloc[0]}); shift by {hours - 24} h?")
    train_start = (pd.to_datetime(tasks.train_start) + shift).clip(lower=tasks.series.map(first))
    shifted = tasks.assign(origin=origin.dt.strftime("%Y-%m-%dT%H:%M"), origin_idx=tasks.origin_idx + hours,
                           train_start=train_start.dt.strftime("%Y-%m-%dT%H:%M"))
    os.makedirs(f"{out}/data", exist_ok=True)
    os.makedirs(f"{out}/scripts", exist_ok=True)
    for name in ("actuals.csv", "events.csv"):
        if os.path.exists(f"{check}/data/{name}"):
            os.symlink(os.path.abspath(f"{check}/data/{name}"), f"{out}/data/{name}")
    shifted.to_csv(f"{out}/data/tasks.csv", index=False)
    shutil.copy(f"{check}/scripts/score.py", f"{out}/scripts/score.py")


if __name__ == "__main__":
    main(sys.argv[1:])
