#!/usr/bin/env python3
"""Writes the fixture's input CSVs, deterministically (no randomness): readings.csv (hall-power and
hall-water hourly in the third quarters of 2024 and 2025, so that both quarters are fully covered),
bills.csv (annex-bill monthly interval totals, the same quarters) and fuel.csv."""
from datetime import datetime, timedelta, timezone

tz = timezone(timedelta(hours=8))
with open("readings.csv", "w") as f:
    f.write("meter,time,value\n")
    t = datetime(2024, 7, 1, tzinfo=tz)
    kwh = 500_000.0
    m3 = 8_000.0
    while t <= datetime(2025, 10, 1, tzinfo=tz):
        if datetime(2024, 10, 1, 1, tzinfo=tz) <= t < datetime(2025, 7, 1, tzinfo=tz):
            t += timedelta(hours=1)
            continue
        f.write(f"hall-power,{t.isoformat()},{kwh:.1f}\n")
        f.write(f"hall-water,{t.isoformat()},{m3:.3f}\n")
        # Weekdays use more; 2025 uses 3 % less than 2024 (the saving the figures show).
        per_day = (1_900 if t.weekday() < 5 else 700) * (0.97 if t.year == 2025 else 1.0) + (t.month * 13 % 7) * 10
        kwh += per_day / 24
        m3 += (42.125 + (t.day % 5) * 1.5) / 24
        t += timedelta(hours=1)
with open("bills.csv", "w") as f:
    f.write("meter,start,end,value\n")
    for year in (2024, 2025):
        for month in range(7, 10):
            end = f"{year + 1}-01-01" if month == 12 else f"{year}-{month + 1:02d}-01"
            f.write(f"annex-bill,{year}-{month:02d}-01,{end},{31_000 + month * 370 + (year - 2024) * -450}\n")
with open("fuel.csv", "w") as f:
    f.write("date,vehicle,fuel,litres,amount\n")
    for i in range(48):
        day = datetime(2024, 1, 5) + timedelta(days=15 * i)
        f.write(f"{day:%Y-%m-%d},AB-{1234 + i % 3},95,{35 + i % 7}.{i % 10},{(35 + i % 7) * 30}\n")
