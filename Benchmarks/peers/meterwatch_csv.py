#!/usr/bin/env python3
"""The peer dataset (gendata.py's values.f64) as Meterwatch imports it: `meterwatch.csv`
(meter,time,value,quantity in time order: every minute, all series, as a live collector or an
EMS export writes it) and `meterwatch.yaml` (one meter per pair: power_active in W, the energy
counter in Wh, which Meterwatch stores in kWh).

    python3 meterwatch_csv.py DATADIR
"""
import datetime
import json
import os
import sys
from array import array


def write(data):
    meta = json.load(open(os.path.join(data, "meta.json")))
    n, days = meta["series"], meta["days"]
    points = days * 1440
    values = array("d")
    with open(os.path.join(data, "values.f64"), "rb") as f:
        values.fromfile(f, n * points)
    t0 = meta["t0_ms"]
    with open(os.path.join(data, "meterwatch.yaml"), "w") as f:
        f.write("site: { name: Peer bench, timezone: UTC }\nstorage: { path: meterwatch.sqlite }\n"
                "plausibility: { history_start: 2000-01-01 }\nmeters:\n")
        for m in range((n + 1) // 2):
            f.write("  - { id: m%03d, category: electricity, unit: Wh }\n" % m)
    tmp = os.path.join(data, "meterwatch.csv.tmp")
    with open(tmp, "w") as f:
        f.write("meter,time,value,quantity\n")
        for p in range(points):
            ts = datetime.datetime.fromtimestamp((t0 + p * 60000) / 1000, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            rows = []
            for s in range(n):
                m, energy = divmod(s, 2)
                rows.append("m%03d,%s,%.1f,%s\n" % (m, ts, values[s * points + p], "energy_import" if energy else "power_active"))
            f.write("".join(rows))
    os.rename(tmp, os.path.join(data, "meterwatch.csv"))


if __name__ == "__main__":
    write(sys.argv[1])
