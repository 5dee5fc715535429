#!/usr/bin/env python3
"""Makes actuals.csv.gz, the real hourly counts of the flight check, from flights-3m.parquet of the npm package
vega-datasets@3.2.1 (git blob sha1 9c4e0b480a1a60954a7e5c6bcc43e1c91a73caaa, as its datapackage.json lists it):
three million US domestic flights of January to June 2001 from the Bureau of Transportation Statistics' on-time
reports, one row per flight with its departure date and time (the airport's local clock) and its origin airport.
The extracts are committed; this script says how they were made and lets anyone check them. Terms: the package is
BSD-3-Clause; its datapackage.json lists this file's as "other-open" (data airlines must report to the US DOT under
14 CFR Part 234, no licence stated).

usage: extract.py [--second] FLIGHTS_3M_PARQUET OUT.csv.gz   (needs pyarrow and pandas: pip install pyarrow pandas;
       the file: npm pack vega-datasets@3.2.1 && tar xzf vega-datasets-3.2.1.tgz package/data/flights-3m.parquet)

Nine series, each hour from 2001-01-01 00:00 to 2001-06-30 23:00 (zero-filled): flights/all, every departure, and
eight airports picked by a rule fixed before any forecast was made: for each of 38, 15, 6, 2.5, 1, 0.4, 0.15 and
0.05 departures an hour on average, the airport closest to it on a log scale (ORD, BOS, MSY, ELP, KOA, STT, FNT,
MTJ). Like transactions per segment they have quiet nights, a weekday/weekend rhythm, holidays, days of storms and
cancellations, and sizes from busy to mostly zeros; unlike them, much of their rhythm is a timetable.

--second: the eight airports second closest to the same rates (DFW, IAH, IAD, SDF, DSM, FAT, ITH, DUT), without
flights/all (actuals-second.csv.gz): a confirmation set no choice is made on.
"""
import sys

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

TARGETS = [38, 15, 6, 2.5, 1, 0.4, 0.15, 0.05]


def main(source, out, second=False):
    flights = pq.read_table(source, columns=["date", "origin"]).to_pandas()
    hours = pd.date_range("2001-01-01 00:00", "2001-06-30 23:00", freq="h")
    flights = flights[(flights.date >= hours[0]) & (flights.date < hours[-1] + pd.Timedelta(hours=1))]
    per_hour = flights.origin.value_counts() / len(hours)
    rank = 1 if second else 0
    airports = [(np.log(per_hour) - np.log(t)).abs().sort_values().index[rank] for t in TARGETS]
    series = [] if second else [("flights/all", flights.date)]
    frames = []
    for name, dates in series + [(f"flights/{a}", flights.date[flights.origin == a]) for a in airports]:
        counts = dates.dt.floor("h").value_counts().reindex(hours, fill_value=0)
        frames.append(pd.DataFrame({"series": name, "hour_iso": hours.strftime("%Y-%m-%dT%H:%M"),
                                    "value": counts.values.astype(float)}))
    pd.concat(frames).to_csv(out, index=False, compression={"method": "gzip", "mtime": 0})
    print("airports:", " ".join(airports))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--second"]
    main(*args, second="--second" in sys.argv[1:])
