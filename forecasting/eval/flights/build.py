#!/usr/bin/python3
"""Builds the real flight-count check (extract.py says what the counts are) in the format of ../shared/eval/forecast:
data/actuals.csv and data/tasks.csv, so the counts check's scorer and anchor scripts run on it.

usage: build.py OUT_DIR [--second]      (--second: the confirmation set of eight other airports, extract.py says which)

22 origins every third day from 2001-04-02 00:00 (Easter, Memorial Day and the days around them fall in the
forecast weeks), each with the 8 weeks before it and 168 hours after it. scripts/lib/score_split.py cuts it: the
holdout is the last 8 origins and every origin of every third series by name (flights/FNT, flights/MTJ and
flights/all; in the second set DUT and IAH), development the rest.
"""
import datetime as dt
import os
import sys

import pandas as pd

ORIGINS = [dt.datetime(2001, 4, 2) + dt.timedelta(days=3 * k) for k in range(22)]


def main(out, second=False):
    here = os.path.dirname(os.path.abspath(__file__))
    actuals = pd.read_csv(f"{here}/actuals-second.csv.gz" if second else f"{here}/actuals.csv.gz")
    os.makedirs(f"{out}/data", exist_ok=True)
    actuals.to_csv(f"{out}/data/actuals.csv", index=False)
    first = pd.Timestamp(actuals.hour_iso.min())
    tasks = [(s, o.strftime("%Y-%m-%dT%H:%M"), int((pd.Timestamp(o) - first) / pd.Timedelta(hours=1)),
              (o - dt.timedelta(weeks=8)).strftime("%Y-%m-%dT%H:%M"))
             for s in actuals.series.unique() for o in ORIGINS]
    pd.DataFrame(tasks, columns=["series", "origin", "origin_idx", "train_start"]).to_csv(
        f"{out}/data/tasks.csv", index=False)


if __name__ == "__main__":
    main(sys.argv[1], second="--second" in sys.argv[2:])
