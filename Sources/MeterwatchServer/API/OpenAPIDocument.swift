/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. CI checks the
/// running server against it (schemathesis) and the document itself (openapi-spec-validator).
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Meterwatch API",
    "version": "1.0.0",
    "description": "Energy and utilities monitoring for public buildings: meters, readings, comparisons, KPIs, alerts, devices, imports and reports. Reads are open; writes need a bearer token. Errors are RFC 9457 problem documents. Times are ISO 8601 in the site's time zone; values are exact (never rounded)."
  },
  "servers": [{ "url": "/" }],
  "components": {
    "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
    "responses": {
      "BadRequest": { "description": "Bad input", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "NotFound": { "description": "Unknown resource", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "Unauthorized": { "description": "Missing or invalid bearer token", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "Unsupported": { "description": "Wrong content type", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "Unprocessable": { "description": "Valid request the data cannot satisfy", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "TooLarge": { "description": "Body over the size limit", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
    },
    "parameters": {
      "period": { "name": "period", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1 }, "description": "2019, 2019H2, 2019Q3, 2019-07, 2019-W27, 2019-07-01, 2019-07-01..2019-12-31, roc:108H2" },
      "against": { "name": "against", "in": "query", "schema": { "type": "string", "default": "previous-year" }, "description": "previous-year, previous-period or a period" },
      "lang": { "name": "lang", "in": "query", "schema": { "type": "string", "enum": ["en", "zh-TW"] } }
    },
    "schemas": {
      "Problem": {
        "type": "object", "required": ["type", "title", "status", "detail"],
        "properties": { "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" }, "detail": { "type": "string" },
                        "instance": { "type": "string" }, "errors": { "type": "array", "items": { "type": "string" } } }
      },
      "Sample": { "type": "object", "required": ["time", "value"], "properties": { "time": { "type": "string" }, "value": { "type": "number" } } },
      "Deletion": { "type": "object", "required": ["meter", "quantity", "samples", "intervals", "dry_run"],
        "properties": { "meter": { "type": "string" }, "quantity": { "type": "string" }, "samples": { "type": "integer" }, "intervals": { "type": "integer" },
                        "first": { "type": "string" }, "last": { "type": "string" }, "dry_run": { "type": "boolean" } } },
      "Series": {
        "type": "object", "required": ["quantity", "kind", "unit"],
        "properties": { "quantity": { "type": "string" }, "kind": { "type": "string", "enum": ["counter", "gauge", "interval_total", "state"] }, "unit": { "type": "string" },
                        "latest": { "$ref": "#/components/schemas/Sample" } }
      },
      "Meter": {
        "type": "object", "required": ["id", "name", "category", "unit", "tags", "series"],
        "properties": {
          "id": { "type": "string" }, "name": { "type": "object", "additionalProperties": { "type": "string" } },
          "category": { "type": "string", "enum": ["electricity", "water", "fuel", "ups", "storage", "temperature"] }, "unit": { "type": "string" },
          "tags": { "type": "array", "items": { "type": "string" } },
          "device": { "type": "object", "required": ["profile", "link", "unit"], "properties": { "profile": { "type": "string" }, "link": { "type": "string" }, "unit": { "type": "integer" } } },
          "series": { "type": "array", "items": { "$ref": "#/components/schemas/Series" } }
        }
      },
      "Readings": {
        "type": "object", "required": ["meter", "quantity", "unit", "kind", "resolution", "points"],
        "properties": {
          "meter": { "type": "string" }, "quantity": { "type": "string" }, "unit": { "type": "string" }, "kind": { "type": "string" }, "resolution": { "type": "string" },
          "points": { "type": "array", "items": { "type": "object", "required": ["start"],
            "properties": { "start": { "type": "string" }, "end": { "type": "string" }, "value": { "type": "number" }, "min": { "type": "number" }, "max": { "type": "number" }, "count": { "type": "integer" } } } }
        }
      },
      "Latest": { "type": "object", "required": ["meter", "quantity", "unit", "time", "value"],
        "properties": { "meter": { "type": "string" }, "quantity": { "type": "string" }, "unit": { "type": "string" }, "time": { "type": "string" }, "value": { "type": "number" } } },
      "ComparisonSide": { "type": "object", "required": ["period", "label", "start", "end", "value", "unit", "days", "coverage", "estimated"],
        "properties": { "period": { "type": "string" }, "label": { "type": "string" }, "start": { "type": "string" }, "end": { "type": "string" }, "value": { "type": "number" },
                        "unit": { "type": "string" }, "days": { "type": "integer" }, "coverage": { "type": "number" }, "estimated": { "type": "number" } } },
      "Comparison": {
        "type": "object", "required": ["selection", "against", "current", "baseline", "change", "warnings"],
        "properties": {
          "selection": { "type": "string" }, "against": { "type": "string" },
          "current": { "$ref": "#/components/schemas/ComparisonSide" }, "baseline": { "$ref": "#/components/schemas/ComparisonSide" },
          "change": { "type": "object", "required": ["absolute", "percent", "per_day"],
                      "properties": { "absolute": { "type": "number" }, "percent": { "type": ["number", "null"] }, "per_day": { "type": ["number", "null"] } } },
          "warnings": { "type": "array", "items": { "type": "string" } }
        }
      },
      "CompareResult": {
        "type": "object", "required": ["comparison"],
        "properties": { "comparison": { "$ref": "#/components/schemas/Comparison" },
                        "months": { "type": "array", "items": { "type": "object", "required": ["month", "current", "baseline"],
                          "properties": { "month": { "type": "string" }, "current": { "type": "number" }, "baseline": { "type": "number" } } } } }
      },
      "DailyModel": {
        "type": "object", "required": ["kind", "intercept", "adjusted_r2", "r2", "unit"],
        "properties": { "kind": { "type": "string", "enum": ["intercept_only", "hdd_only", "cdd_only", "hdd_cdd"] }, "intercept": { "type": "number" },
                        "heating_slope": { "type": "number" }, "heating_balance_point": { "type": "number" }, "cooling_slope": { "type": "number" }, "cooling_balance_point": { "type": "number" },
                        "adjusted_r2": { "type": "number" }, "r2": { "type": "number" }, "unit": { "type": "string", "enum": ["C", "F"] } }
      },
      "Savings": {
        "type": "object",
        "required": ["selection", "unit", "baseline_period", "reporting_period", "temperature_meter", "temperature_unit", "method", "model", "candidates", "statistics",
                     "sufficiency", "reporting_days", "baseline_observed", "reporting_observed", "reporting_predicted", "savings", "savings_percent", "raw_change_per_day",
                     "uncertainty", "confidence", "meets_guideline14", "excluded", "points"],
        "properties": {
          "selection": { "type": "string" }, "unit": { "type": "string" }, "baseline_period": { "type": "string" }, "reporting_period": { "type": "string" },
          "temperature_meter": { "type": "string" }, "temperature_unit": { "type": "string", "enum": ["C", "F"] }, "method": { "type": "string", "enum": ["daily", "billing"] },
          "model": { "$ref": "#/components/schemas/DailyModel" }, "candidates": { "type": "integer" },
          "statistics": { "type": "object", "required": ["n", "parameters", "rmse_adjusted", "cvrmse", "nmbe", "r2", "rho1", "effective_n"],
            "properties": { "n": { "type": "integer" }, "parameters": { "type": "integer" }, "rmse_adjusted": { "type": "number" }, "cvrmse": { "type": "number" },
                            "nmbe": { "type": "number" }, "r2": { "type": "number" }, "rho1": { "type": "number" }, "effective_n": { "type": "number" } } },
          "sufficiency": { "type": "object", "required": ["baseline_days", "usable_days", "missing_fraction", "sufficient", "reasons"],
            "properties": { "baseline_days": { "type": "integer" }, "usable_days": { "type": "integer" }, "missing_fraction": { "type": "number" }, "sufficient": { "type": "boolean" },
                            "reasons": { "type": "array", "items": { "type": "string" } } } },
          "reporting_days": { "type": "integer" }, "baseline_observed": { "type": "number" }, "reporting_observed": { "type": "number" },
          "reporting_predicted": { "type": "number", "description": "The counterfactual: the baseline model at the reporting period's temperatures" },
          "savings": { "type": "number", "description": "Avoided energy use, counterfactual − metered; positive when use went down" },
          "savings_percent": { "type": "number" }, "raw_change_per_day": { "type": "number" },
          "uncertainty": { "type": "object", "required": ["t", "k", "months", "absolute"],
            "properties": { "t": { "type": "number" }, "k": { "type": "number" }, "months": { "type": "number" }, "absolute": { "type": "number" }, "fractional": { "type": "number" } } },
          "confidence": { "type": "number" }, "meets_guideline14": { "type": "boolean" }, "excluded": { "type": "array", "items": { "type": "string" } },
          "normalized": { "type": "object", "required": ["temperature_meter", "days", "reporting_model", "baseline_predicted", "reporting_predicted", "savings", "savings_percent", "uncertainty"],
            "properties": { "temperature_meter": { "type": "string" }, "days": { "type": "integer" }, "reporting_model": { "$ref": "#/components/schemas/DailyModel" },
                            "baseline_predicted": { "type": "number" }, "reporting_predicted": { "type": "number" }, "savings": { "type": "number" },
                            "savings_percent": { "type": "number" }, "uncertainty": { "type": "number" } } },
          "points": { "type": "array", "items": { "type": "object", "required": ["day", "days", "temperature", "usage", "period"],
            "properties": { "day": { "type": "string" }, "days": { "type": "integer" }, "temperature": { "type": "number" }, "usage": { "type": "number", "description": "per day" },
                            "period": { "type": "string", "enum": ["baseline", "reporting"] } } } }
        }
      },
      "KPIResult": {
        "type": "object", "required": ["id", "name", "period", "unit", "target", "direction", "status", "warnings"],
        "properties": {
          "id": { "type": "string" }, "name": { "type": "string" }, "period": { "type": "string" }, "unit": { "type": "string" }, "target": { "type": "number" },
          "actual": { "type": ["number", "null"] }, "attainment_percent": { "type": ["number", "null"] }, "attainment_uncapped_percent": { "type": ["number", "null"] },
          "margin": { "type": ["number", "null"] }, "direction": { "type": "string", "enum": ["higher", "lower"] }, "status": { "type": "string" },
          "reason": { "type": ["string", "null"] }, "source": { "type": ["string", "null"] }, "entered_by": { "type": ["string", "null"] },
          "warnings": { "type": "array", "items": { "type": "string" } }
        }
      },
      "KPIActual": { "type": "object", "required": ["kpi", "period", "actual", "entered_by", "entered_at"],
        "properties": { "kpi": { "type": "string" }, "period": { "type": "string" }, "actual": { "type": "number" }, "entered_by": { "type": "string" }, "entered_at": { "type": "string" }, "note": { "type": "string" } } },
      "Alert": {
        "type": "object", "required": ["id", "rule", "type", "severity", "subject", "meter", "state", "started_at", "unit", "message", "details"],
        "properties": {
          "id": { "type": "integer" }, "rule": { "type": "string" }, "type": { "type": "string" }, "severity": { "type": "string", "enum": ["info", "warning", "critical"] },
          "subject": { "type": "string" }, "meter": { "type": "string" }, "state": { "type": "string", "enum": ["pending", "firing", "resolved", "cancelled"] },
          "started_at": { "type": "string" }, "fired_at": { "type": "string" }, "resolved_at": { "type": "string" }, "value": { "type": "number" }, "threshold": { "type": "number" },
          "unit": { "type": "string" }, "message": { "type": "object", "additionalProperties": { "type": "string" } }, "details": { "type": "object", "additionalProperties": { "type": "number" } },
          "acknowledged_by": { "type": "string" }, "acknowledged_at": { "type": "string" }, "ack_comment": { "type": "string" }
        }
      },
      "AlertDetail": {
        "type": "object", "required": ["alert", "history", "deliveries"],
        "properties": {
          "alert": { "$ref": "#/components/schemas/Alert" },
          "history": { "type": "array", "items": { "type": "object", "required": ["at", "event"], "properties": { "at": { "type": "string" }, "event": { "type": "string" }, "value": { "type": "number" }, "note": { "type": "string" } } } },
          "deliveries": { "type": "array", "items": { "type": "object", "required": ["id", "event", "webhook", "status", "attempts"],
            "properties": { "id": { "type": "integer" }, "event": { "type": "string" }, "webhook": { "type": "string" }, "status": { "type": "string", "enum": ["pending", "delivered", "failed"] },
                            "attempts": { "type": "integer" }, "http_status": { "type": "integer" }, "last_error": { "type": "string" }, "delivered_at": { "type": "string" } } } }
        }
      },
      "DeviceHealth": { "type": "object", "required": ["meter", "profile", "link", "unit", "state", "requests", "errors"],
        "properties": { "meter": { "type": "string" }, "profile": { "type": "string" }, "link": { "type": "string" }, "unit": { "type": "integer" }, "state": { "type": "string" },
                        "requests": { "type": "integer" }, "errors": { "type": "object", "additionalProperties": { "type": "integer" } }, "last_success": { "type": "string" },
                        "last_error": { "type": "string" }, "latency_ms": { "type": "number" }, "updated": { "type": "string" } } },
      "ImportResult": { "type": "object", "required": ["file", "encoding", "rows", "inserted", "updated", "unchanged", "duplicates", "rejected"],
        "properties": { "file": { "type": "string" }, "encoding": { "type": "string" }, "rows": { "type": "integer" }, "inserted": { "type": "integer" }, "updated": { "type": "integer" },
                        "unchanged": { "type": "integer" }, "duplicates": { "type": "integer" }, "rejected": { "type": "array", "items": { "type": "string" } } } }
    }
  },
  "paths": {
    "/api/v1/openapi.json": { "get": { "summary": "This document", "operationId": "openapi", "responses": { "200": { "description": "OpenAPI 3.1", "content": { "application/json": { "schema": { "type": "object" } } } } } } },
    "/api/v1/meters": { "get": { "summary": "Meters and their series", "operationId": "listMeters",
      "responses": { "200": { "description": "Meters", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Meter" } } } } } } } },
    "/api/v1/meters/{id}": { "get": { "summary": "One meter", "operationId": "getMeter",
      "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
      "responses": { "200": { "description": "The meter", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Meter" } } } }, "404": { "$ref": "#/components/responses/NotFound" } } } },
    "/api/v1/meters/{id}/readings": { "get": { "summary": "Readings over a range at a resolution", "operationId": "getReadings",
      "parameters": [
        { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
        { "name": "quantity", "in": "query", "schema": { "type": "string" }, "description": "default: the meter's main quantity" },
        { "name": "from", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1 }, "description": "ISO date or time (inclusive)" },
        { "name": "to", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1 }, "description": "ISO date or time (exclusive)" },
        { "name": "resolution", "in": "query", "schema": { "type": "string", "enum": ["raw", "15m", "hour", "day", "month"], "default": "hour" } }
      ],
      "responses": { "200": { "description": "Points; counters give consumption per bucket, gauges the mean", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Readings" } } } },
                     "400": { "$ref": "#/components/responses/BadRequest" }, "404": { "$ref": "#/components/responses/NotFound" } } },
      "delete": { "summary": "Delete mistaken readings in [from, to) and recompute the rollups they touched", "operationId": "deleteReadings", "security": [{ "bearer": [] }],
        "description": "Removes raw samples with from <= time < to and interval totals that start in that range, in one transaction. With dry_run=true, only counts.",
        "parameters": [
          { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
          { "name": "quantity", "in": "query", "schema": { "type": "string" }, "description": "default: the meter's main quantity, or its only series" },
          { "name": "from", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1 }, "description": "ISO date or time (inclusive)" },
          { "name": "to", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1 }, "description": "ISO date or time (exclusive)" },
          { "name": "dry_run", "in": "query", "schema": { "type": "string", "enum": ["true", "false"] } }
        ],
        "responses": { "200": { "description": "What was (or would be) deleted", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Deletion" } } } },
                       "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" },
                       "404": { "$ref": "#/components/responses/NotFound" }, "422": { "$ref": "#/components/responses/Unprocessable" } } } },
    "/api/v1/latest": { "get": { "summary": "Latest value of every series", "operationId": "getLatest",
      "parameters": [{ "name": "meter", "in": "query", "schema": { "type": "string" } }],
      "responses": { "200": { "description": "Latest values", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Latest" } } } } },
                     "404": { "$ref": "#/components/responses/NotFound" } } } },
    "/api/v1/compare": { "get": { "summary": "A period against last year, the previous period or another period", "operationId": "compare",
      "parameters": [
        { "name": "meter", "in": "query", "schema": { "type": "string", "minLength": 1 } }, { "name": "tag", "in": "query", "schema": { "type": "string", "minLength": 1 } },
        { "name": "category", "in": "query", "schema": { "type": "string", "enum": ["electricity", "water", "fuel", "ups", "storage", "temperature"] } }, { "name": "vehicle", "in": "query", "schema": { "type": "string", "minLength": 1 } },
        { "$ref": "#/components/parameters/period" }, { "$ref": "#/components/parameters/against" }, { "$ref": "#/components/parameters/lang" },
        { "name": "by", "in": "query", "schema": { "type": "string", "enum": ["month"] } }
      ],
      "responses": { "200": { "description": "The comparison (and month by month with by=month)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CompareResult" } } } },
                     "400": { "$ref": "#/components/responses/BadRequest" }, "422": { "$ref": "#/components/responses/Unprocessable" } } } },
    "/api/v1/savings": { "get": { "summary": "Weather-normalised savings: a CalTRACK baseline model (daily or billing) projected into the reporting period, with its ASHRAE Guideline 14 uncertainty", "operationId": "savings",
      "parameters": [
        { "name": "meter", "in": "query", "schema": { "type": "string", "minLength": 1 } }, { "name": "tag", "in": "query", "schema": { "type": "string", "minLength": 1 } },
        { "name": "category", "in": "query", "schema": { "type": "string", "enum": ["electricity", "water", "fuel", "ups", "storage", "temperature"] } },
        { "name": "baseline", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1 }, "description": "the baseline period (365 days recommended)" },
        { "name": "reporting", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1 } },
        { "name": "temperature", "in": "query", "schema": { "type": "string", "minLength": 1 }, "description": "temperature meter, e.g. weather:466920 (default: the only one stored)" },
        { "name": "unit", "in": "query", "schema": { "type": "string", "enum": ["C", "F"], "default": "C" } },
        { "name": "method", "in": "query", "schema": { "type": "string", "enum": ["auto", "daily", "billing"], "default": "auto" } },
        { "name": "confidence", "in": "query", "schema": { "type": "number", "minimum": 0.5, "exclusiveMaximum": 1, "default": 0.9 } },
        { "name": "normal_year", "in": "query", "schema": { "type": "string", "minLength": 1 }, "description": "temperature meter holding a typical year, for normalised savings" },
        { "name": "points", "in": "query", "schema": { "type": "string", "enum": ["true", "false"], "default": "true" }, "description": "include the scatter points" }
      ],
      "responses": { "200": { "description": "Model, statistics, savings and the scatter points", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Savings" } } } },
                     "400": { "$ref": "#/components/responses/BadRequest" }, "422": { "$ref": "#/components/responses/Unprocessable" } } } },
    "/api/v1/kpis": { "get": { "summary": "Evaluate every KPI for a period", "operationId": "evaluateKPIs",
      "parameters": [{ "$ref": "#/components/parameters/period" }, { "$ref": "#/components/parameters/lang" }],
      "responses": { "200": { "description": "Target, actual, attainment", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/KPIResult" } } } } },
                     "400": { "$ref": "#/components/responses/BadRequest" } } } },
    "/api/v1/kpis/{id}/actuals/{period}": { "put": { "summary": "Enter a KPI's actual value for a period", "operationId": "setKPIActual", "security": [{ "bearer": [] }],
      "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }, { "name": "period", "in": "path", "required": true, "schema": { "type": "string" } }],
      "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["actual"], "additionalProperties": false,
        "properties": { "actual": { "type": "number" }, "note": { "type": "string" } } } } } },
      "responses": { "200": { "description": "Stored, with who and when", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/KPIActual" } } } },
                     "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "404": { "$ref": "#/components/responses/NotFound" },
                     "413": { "$ref": "#/components/responses/TooLarge" }, "415": { "$ref": "#/components/responses/Unsupported" } } } },
    "/api/v1/alerts": { "get": { "summary": "Alerts, newest first", "operationId": "listAlerts",
      "parameters": [{ "name": "state", "in": "query", "schema": { "type": "string", "enum": ["pending", "firing", "resolved", "cancelled"] } },
                     { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 200 } }],
      "responses": { "200": { "description": "Alerts", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Alert" } } } } },
                     "400": { "$ref": "#/components/responses/BadRequest" } } } },
    "/api/v1/alerts/{id}": { "get": { "summary": "One alert with its history and delivery log", "operationId": "getAlert",
      "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 9223372036854775807 } }],
      "responses": { "200": { "description": "The alert", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AlertDetail" } } } },
                     "400": { "$ref": "#/components/responses/BadRequest" }, "404": { "$ref": "#/components/responses/NotFound" } } } },
    "/api/v1/alerts/{id}/ack": { "post": { "summary": "Acknowledge an active alert (silences repeats, not the resolution)", "operationId": "ackAlert", "security": [{ "bearer": [] }],
      "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 9223372036854775807 } }],
      "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false,
        "properties": { "by": { "type": "string", "minLength": 1, "maxLength": 100 }, "comment": { "type": "string", "maxLength": 2000 } } } } } },
      "responses": { "200": { "description": "The acknowledged alert", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Alert" } } } },
                     "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "404": { "$ref": "#/components/responses/NotFound" },
                     "409": { "description": "Not active", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                     "413": { "$ref": "#/components/responses/TooLarge" }, "415": { "$ref": "#/components/responses/Unsupported" } } } },
    "/api/v1/devices": { "get": { "summary": "Modbus devices and their health", "operationId": "listDevices",
      "responses": { "200": { "description": "Health as the collector last recorded it", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/DeviceHealth" } } } } } } } },
    "/api/v1/import/readings": { "post": { "summary": "Import meter,time,value readings or meter,start,end,value bills (CSV, UTF-8 or Big5)", "operationId": "importReadings", "security": [{ "bearer": [] }],
      "parameters": [{ "name": "skip_invalid", "in": "query", "schema": { "type": "string", "enum": ["true", "false"] } }, { "name": "name", "in": "query", "schema": { "type": "string" } }],
      "requestBody": { "required": true, "content": { "text/csv": { "schema": { "type": "string", "minLength": 1 } } } },
      "responses": { "200": { "description": "What was stored", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ImportResult" } } } },
                     "401": { "$ref": "#/components/responses/Unauthorized" }, "413": { "$ref": "#/components/responses/TooLarge" }, "415": { "$ref": "#/components/responses/Unsupported" },
                     "422": { "$ref": "#/components/responses/Unprocessable" } } } },
    "/api/v1/import/fuel": { "post": { "summary": "Import a fuel log (CSV, UTF-8 or Big5, ROC or ISO dates)", "operationId": "importFuel", "security": [{ "bearer": [] }],
      "parameters": [{ "name": "skip_invalid", "in": "query", "schema": { "type": "string", "enum": ["true", "false"] } }, { "name": "name", "in": "query", "schema": { "type": "string" } }],
      "requestBody": { "required": true, "content": { "text/csv": { "schema": { "type": "string", "minLength": 1 } } } },
      "responses": { "200": { "description": "What was stored", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ImportResult" } } } },
                     "401": { "$ref": "#/components/responses/Unauthorized" }, "413": { "$ref": "#/components/responses/TooLarge" }, "415": { "$ref": "#/components/responses/Unsupported" },
                     "422": { "$ref": "#/components/responses/Unprocessable" } } } },
    "/api/v1/reports": { "get": { "summary": "The council-report table", "operationId": "getReport",
      "parameters": [{ "$ref": "#/components/parameters/period" }, { "$ref": "#/components/parameters/against" }, { "$ref": "#/components/parameters/lang" },
                     { "name": "format", "in": "query", "schema": { "type": "string", "enum": ["md", "csv", "html"], "default": "md" } },
                     { "name": "weather_baseline", "in": "query", "schema": { "type": "string", "minLength": 1 }, "description": "period the weather model is fitted on (default: the baseline period when it spans a year, else the 365 days ending with it)" },
                     { "name": "download", "in": "query", "schema": { "type": "string", "enum": ["1"] } }],
      "responses": { "200": { "description": "The report", "content": { "text/markdown": { "schema": { "type": "string" } }, "text/csv": { "schema": { "type": "string" } }, "text/html": { "schema": { "type": "string" } } } },
                     "400": { "$ref": "#/components/responses/BadRequest" } } } }
  }
}
"""#
}
