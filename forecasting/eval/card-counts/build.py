#!/usr/bin/python3
"""Builds the generated count check of issue #10: hourly counts shaped like card transactions per segment, in the
format of ../shared/eval/forecast (data/actuals.csv, data/tasks.csv), so its scorer and anchor scripts run on it.

usage: build.py OUT_DIR [SEED]

Nine series, 2025-09-01 .. 2026-01-31 UTC, counts drawn from a negative binomial (Poisson-gamma, shape 30) around
    rate(t) = level(series, t) x day_profile(weekday or weekend, hour) x events(t)
- quiet nights: 03:00-05:00 at about 2 % of the midday rate; weekday peaks at noon and 18:00, weekends later
  and flatter, Saturday busier than Sunday;
- volumes from 0.1 to 10 000 an hour at the daily mean (two segments mostly zeros);
- holidays (Christmas, Boxing Day, New Year's Day: Sunday-shaped at 50 %) and promotions (Black Friday and Cyber
  Monday x2, a segment with a promotion every other Friday);
- a segment whose level steps up 60 % mid-history, one that starts mid-history.
22 origins every third day from 2025-11-07, each with the 8 weeks before it and 168 hours after it.
data/events.csv lists the holidays and promotions as the job would hear of them ahead (an empty series: all series),
for `scripts/backtest --events`; the anchors do not use it.
"""
import datetime as dt
import os
import sys

import numpy as np
import pandas as pd

START = dt.datetime(2025, 9, 1)
END = dt.datetime(2026, 2, 1)
HOLIDAYS = {dt.date(2025, 12, 25), dt.date(2025, 12, 26), dt.date(2026, 1, 1)}
PROMOTIONS = {dt.date(2025, 11, 28): 2.0, dt.date(2025, 12, 1): 1.8}
ORIGINS = [dt.datetime(2025, 11, 7) + dt.timedelta(days=3 * k) for k in range(22)]
TRAIN_HOURS, HMAX = 8 * 168, 168

# (name, mean per hour over a normal week, level change)
SERIES = [
    ("cards/all", 3000.0, None),
    ("cards/retail", 10000.0, None),
    ("cards/travel", 300.0, None),
    ("cards/smb", 20.0, None),
    ("cards/premium", 0.5, None),
    ("cards/dormant", 0.1, None),
    ("cards/growing", 200.0, ("shift", dt.datetime(2025, 11, 20), 1.6)),
    ("cards/new", 80.0, ("start", dt.datetime(2025, 10, 15), 0.0)),
    ("cards/promo", 150.0, ("fortnightly-promo", None, 2.5)),
]


def day_profile(weekday, hour):
    """Relative rate at a clock hour: quiet nights, a noon and an early-evening peak; weekends later, flatter."""
    h = np.arange(24)
    if weekday < 5:
        p = 0.02 + 0.9 * np.exp(-((h - 12.5) / 3.2) ** 2) + 0.7 * np.exp(-((h - 18) / 2.5) ** 2)
    else:
        p = 0.03 + (0.8 if weekday == 5 else 0.55) * np.exp(-((h - 14.5) / 4.0) ** 2)
    return p[hour] / p.mean()


def events(name, stamp):
    d = stamp.date()
    if d in HOLIDAYS:
        return 0.5 * day_profile(6, stamp.hour) / day_profile(stamp.weekday(), stamp.hour)
    factor = PROMOTIONS.get(d, 1.0)
    if name == "cards/promo" and stamp.weekday() == 4 and (d - dt.date(2025, 9, 5)).days % 14 == 0:
        factor *= 2.5
    return factor


def level(change, stamp):
    if change is None:
        return 1.0
    kind, when, amount = change
    if kind == "shift":
        return amount if stamp >= when else 1.0
    if kind == "start":
        return 1.0 if stamp >= when else amount
    return 1.0


def build(out, seed):
    rng = np.random.default_rng(seed)
    hours = pd.date_range(START, END, freq="h", inclusive="left").to_pydatetime()
    rows = []
    for name, mean, change in SERIES:
        weekly = 1.0 / np.mean([day_profile(d, h) for d in range(7) for h in range(24)])
        rate = np.array([mean * weekly * level(change, t) * day_profile(t.weekday(), t.hour) * events(name, t)
                         for t in hours])
        shape = 30.0
        counts = rng.poisson(rng.gamma(shape, rate / shape))
        rows.append(pd.DataFrame({"series": name, "hour_iso": [t.strftime("%Y-%m-%dT%H:%M") for t in hours],
                                  "value": counts.astype(float)}))
    actuals = pd.concat(rows, ignore_index=True)
    tasks = []
    for name, _, _ in SERIES:
        for origin in ORIGINS:
            idx = int((origin - START).total_seconds() // 3600)
            assert idx >= TRAIN_HOURS and idx + HMAX <= len(hours)
            tasks.append((name, origin.strftime("%Y-%m-%dT%H:%M"), idx,
                          (origin - dt.timedelta(hours=TRAIN_HOURS)).strftime("%Y-%m-%dT%H:%M")))
    os.makedirs(f"{out}/data", exist_ok=True)
    actuals.to_csv(f"{out}/data/actuals.csv", index=False)
    pd.DataFrame(tasks, columns=["series", "origin", "origin_idx", "train_start"]).to_csv(
        f"{out}/data/tasks.csv", index=False)
    announced_events().to_csv(f"{out}/data/events.csv", index=False)


def announced_events():
    def day(d, name, kind, effect, series=""):
        start = dt.datetime(d.year, d.month, d.day)
        return (series, name, kind, start.strftime("%Y-%m-%dT%H:%M"),
                (start + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"), effect)
    rows = [day(d, f"holiday {d}", "holiday", "") for d in sorted(HOLIDAYS)]
    rows += [day(d, f"promotion {d}", "promotion", f) for d, f in sorted(PROMOTIONS.items())]
    d = dt.date(2025, 9, 5)
    while d < END.date():
        rows.append(day(d, f"fortnightly promotion {d}", "promotion", 2.5, "cards/promo"))
        d += dt.timedelta(days=14)
    return pd.DataFrame(rows, columns=["series", "name", "kind", "start", "end", "expected_effect"])


if __name__ == "__main__":
    build(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10)
