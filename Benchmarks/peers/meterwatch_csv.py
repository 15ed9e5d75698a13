#!/usr/bin/env python3
"""The peer dataset (gendata.py's values.f64) as Meterwatch imports it: `meterwatch.csv`
(meter,time,value,quantity in time order: every minute, all series, as a live collector or an
EMS export writes it) and `meterwatch.yaml` (one meter per pair: power in W, energy counter in Wh).

    python3 meterwatch_csv.py DATADIR
"""
import json
import os
import sys
from array import array

data = sys.argv[1]
meta = json.load(open(os.path.join(data, "meta.json")))
n, days = meta["series"], meta["days"]
points = days * 1440
values = array("d")
with open(os.path.join(data, "values.f64"), "rb") as f:
    values.fromfile(f, n * points)
t0 = meta.get("t0_ms", 1704067200000)
meters = (n + 1) // 2
with open(os.path.join(data, "meterwatch.yaml"), "w") as f:
    f.write("site: { name: Peer bench, timezone: UTC }\nstorage: { path: meterwatch.sqlite }\nplausibility: { history_start: 2000-01-01 }\nmeters:\n")
    for m in range(meters):
        f.write(f"  - {{ id: m{m:03d}, category: electricity, unit: Wh }}\n")
import datetime
with open(os.path.join(data, "meterwatch.csv"), "w") as f:
    f.write("meter,time,value,quantity\n")
    for p in range(points):
        ts = datetime.datetime.fromtimestamp((t0 + p * 60000) / 1000, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows = []
        for s in range(n):
            m, energy = divmod(s, 2)
            v = values[s * points + p]
            if energy:
                rows.append(f"m{m:03d},{ts},{v:.1f},energy_import\n")
            else:
                rows.append(f"m{m:03d},{ts},{v / 1000:.4f},power_active\n")
        f.write("".join(rows))
