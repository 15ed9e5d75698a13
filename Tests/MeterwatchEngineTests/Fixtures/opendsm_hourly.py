"""The hourly fixture and opendsm's CalTRACK hourly (TOWT) reference on it.

    python3 -m venv .venv-mv && .venv-mv/bin/pip install "opendsm==1.2.7" "multimethod<2"
    .venv-mv/bin/python opendsm_hourly.py   # writes il_hourly_fixture.csv and il_opendsm_hourly_reference.json

The data is opendsm's bundled simulated sample `il-electricity-cdd-hdd-hourly` with `il-tempF`
(Apache-2.0, see NOTICE.md): the 365 days before its blackout (2016-12-26) as baseline and the 365
days after it (from 2017-01-04) as reporting period, in local time (America/Chicago). The
uncertainty is Guideline 14's (K = 1.26, 90 %) from opendsm's residuals.
Not run by `make test`: the files it writes are committed and read by HourlyModelTests.
"""
import json
import time
import warnings

import pandas as pd

warnings.filterwarnings("ignore")
import opendsm  # noqa: E402
from opendsm import eemeter as em  # noqa: E402
from opendsm.common.metrics import ReportingMetrics  # noqa: E402

meter, temp, meta = em.load_sample("il-electricity-cdd-hdd-hourly")
tz = "America/Chicago"
df = pd.DataFrame({"observed": meter["value"], "temperature": temp}).tz_convert(tz)
base_end = pd.Timestamp("2016-12-26", tz=tz)
rep_start = pd.Timestamp("2017-01-04", tz=tz)
base = df[(df.index >= base_end - pd.Timedelta(days=365)) & (df.index < base_end)]
rep = df[(df.index >= rep_start) & (df.index < rep_start + pd.Timedelta(days=365))]

# Compact: hours since the baseline's first hour (UTC), use, temperature; the reporting period
# starts at hour 8976 (2017-01-04 00:00 local).
start = base.index[0]
rows = [f"# hours since {start.tz_convert('UTC').isoformat()}; reporting from hour {int((rep.index[0] - start) / pd.Timedelta(hours=1))}",
        "hour,kwh,temp_f"]
for frame in [base, rep]:
    for t, r in frame.iterrows():
        kwh = "" if pd.isna(r.observed) else f"{r.observed:.2f}"
        tf = "" if pd.isna(r.temperature) else f"{r.temperature:.1f}"
        rows.append(f"{int((t - start) / pd.Timedelta(hours=1))},{kwh},{tf}")
open("il_hourly_fixture.csv", "w").write("\n".join(rows) + "\n")

# opendsm reads the same rounded values back, so both sides fit identical data.
fixture = pd.read_csv("il_hourly_fixture.csv", comment="#")
fixture.index = pd.DatetimeIndex(start + pd.to_timedelta(fixture["hour"], unit="h")).tz_convert(tz)
split = start + pd.Timedelta(hours=int((rep.index[0] - start) / pd.Timedelta(hours=1)))
frames = {"baseline": fixture[fixture.index < split], "reporting": fixture[fixture.index >= split]}
frames = {k: v.rename(columns={"kwh": "observed", "temp_f": "temperature"})[["observed", "temperature"]] for k, v in frames.items()}
t0 = time.perf_counter()
model = em.HourlyCaltrackModel().fit(em.HourlyCaltrackBaselineData(frames["baseline"], is_electricity_data=True))
seconds = time.perf_counter() - t0
pred = model.predict(em.HourlyCaltrackReportingData(frames["reporting"], is_electricity_data=True))
both = pred.dropna(subset=["observed", "predicted"])
predicted = float(both["predicted"].sum())
observed = float(both["observed"].sum())
base_pred = model.predict(em.HourlyCaltrackReportingData(frames["baseline"], is_electricity_data=True)).dropna(subset=["observed", "predicted"])
resid = base_pred["observed"] - base_pred["predicted"]
cvrmse = float((resid.pow(2).mean()) ** 0.5 / base_pred["observed"].mean())
# Guideline 14's savings uncertainty for hourly data (K = 1.26, 90 %), with opendsm's metrics.
from scipy import stats  # noqa: E402
n = len(resid)
rho = float(resid.autocorr(lag=1))
n_prime = n * (1 - rho) / (1 + rho)
t90 = float(stats.t.ppf(0.95, n - 1))
m = len(both)
uncertainty = t90 * 1.26 * cvrmse * predicted * ((n / n_prime) * (1 + 2 / n_prime) / m) ** 0.5
out = {
    "sample": "il-electricity-cdd-hdd-hourly", "opendsm": opendsm.__version__, "pandas": pd.__version__,
    "fit_seconds": seconds, "baseline_hours": int(len(base_pred)), "reporting_hours": int(len(both)),
    "baseline_cvrmse": cvrmse,
    "lag1_autocorrelation": rho,
    "reporting": {"predicted_sum": predicted, "observed_sum": observed, "savings": predicted - observed,
                  "total_savings_uncertainty": uncertainty},
    "truth": {"annual_baseline_total_load": meta["annual_baseline_total_load"], "annual_reporting_total_load": meta["annual_reporting_total_load"]},
}
print(json.dumps(out, indent=1))
json.dump(out, open("il_opendsm_hourly_reference.json", "w"), indent=1)
