"""Reference figures from opendsm's daily model (eemeter 4, CalTRACK 2.1 "current" mode) for a
daily fixture `date,kwh,temp_c,day_type,period`.

    python3 -m venv .venv-mv && .venv-mv/bin/pip install "opendsm==1.2.7" "multimethod<2"
    .venv-mv/bin/python opendsm_daily.py cityhall_daily_fixture.csv > cityhall_opendsm_daily_reference.json
    .venv-mv/bin/python opendsm_daily.py --weekday-types cityhall_daily_fixture.csv > cityhall_opendsm_weekday_reference.json

opendsm splits the week into weekdays and weekends; `--weekday-types` keeps only the days whose
type that rule gets right (drops holidays on weekdays and make-up Saturdays), so that both
implementations see the same day types.

Not run by `make test`: the JSON it writes is committed and read by SavingsReferenceTests.
"""
import json
import sys
import time
import warnings

import pandas as pd

warnings.filterwarnings("ignore")
from opendsm import eemeter as em  # noqa: E402
import opendsm  # noqa: E402
from opendsm.common.metrics import ReportingMetrics  # noqa: E402


def frame(rows):
    idx = pd.DatetimeIndex(pd.to_datetime(rows["date"])).tz_localize("Asia/Taipei")
    return pd.DataFrame({"observed": rows["kwh"].values, "temperature": rows["temp_c"].values * 9 / 5 + 32}, index=idx)


def main(path, weekday_types):
    data = pd.read_csv(path)
    if weekday_types:
        weekday = pd.to_datetime(data["date"]).dt.dayofweek < 5
        data = data[weekday == (data["day_type"] == "working")]
    base = frame(data[data.period == "baseline"])
    rep = frame(data[data.period == "reporting"])
    out = {"source": path, "weekday_types_only": weekday_types, "days": int(len(data)), "opendsm": opendsm.__version__,
           "pandas": pd.__version__}
    for mode in ["current", "legacy"]:
        t0 = time.perf_counter()
        model = em.DailyModel(model=mode).fit(em.DailyBaselineData(base, is_electricity_data=True), ignore_disqualification=True)
        seconds = time.perf_counter() - t0
        pred = model.predict(em.DailyReportingData(rep, is_electricity_data=True), ignore_disqualification=True)
        predicted = float(pred["predicted"].sum())
        observed = float(pred["observed"].sum())
        m = model.baseline_metrics
        out[mode] = {
            "fit_seconds": seconds,
            "best_combination": model.best_combination,
            "submodels": {k: {"model_name": v.model_name} for k, v in model.model.items()},
            "baseline_metrics": {"n": int(m.n), "cvrmse_adj": float(m.cvrmse_adj), "r_squared": float(m.r_squared), "nmbe": float(m.nmbe)},
            "reporting": {"predicted_sum": predicted, "observed_sum": observed, "savings": predicted - observed},
        }
        # Savings uncertainty (ASHRAE Guideline 14 as CalTRACK 4.3.2.4), as opendsm computes it.
        rm = ReportingMetrics(baseline_metrics=m, reporting_df=pred[["observed", "predicted"]], data_frequency="daily", confidence_level=0.90)
        out[mode]["reporting"]["total_savings_uncertainty"] = float(rm.total_savings_uncertainty)
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[-1], "--weekday-types" in sys.argv)
