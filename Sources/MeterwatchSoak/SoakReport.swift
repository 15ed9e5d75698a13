import Foundation
import MeterwatchCore
import MeterwatchStore

/// What a soak found, as Markdown, and whether every check held.
struct SoakReport {
    var text: String
    var passed: Bool
}

extension SoakRun {
    /// Produced against stored and dropped, alerts against notifications, stalls, memory.
    func account(rssStart: Double?, rssEnd: Double?, rssSeconds: Double, drained: Bool, stoppedCleanly: Bool) throws -> SoakReport {
        let store = try MeterStore(path: options.workdir + "/store.sqlite", calendar: try LocalCalendar(timeZone: "Asia/Taipei"))
        let series = try store.allSeries()
        let kills = events.withLock { $0.filter { $0.what.hasPrefix("SIGKILL") }.map(\.atMs) }
        // What a killed process still held in memory: everything polled after its last write that
        // reached the store (the last flush interval, or longer while another process locked the store).
        var allStamps: [Int64] = []
        for s in series { allStamps += try store.samples(series: s.id, from: .min, to: .max).map(\.ms) }
        allStamps.sort()
        let inMemory: [(from: Int64, to: Int64)] = kills.map { k in
            let i = allStamps.lastIndex { $0 < k }
            return (i.map { allStamps[$0] } ?? 0, k)
        }
        var lines: [String] = []
        var passed = true
        func check(_ ok: Bool, _ what: String) {
            lines.append("- \(ok ? "ok" : "FAILED"): \(what)")
            if !ok { passed = false }
        }

        // 1. Every poll a healthy device answered: stored, dropped and counted, or in flight at a SIGKILL.
        lines.append("## Samples: produced at polled instants, stored, dropped\n")
        lines.append("| meter | polls answered | stored | in memory at a SIGKILL | unexplained |")
        lines.append("|---|---:|---:|---:|---:|")
        var totals = (produced: 0, stored: 0, killed: 0, lost: 0)
        for (unit, meter) in Self.healthy.sorted(by: { $0.key < $1.key }) {
            let produced = polls.polls(unit: unit)
            var stamps = Set<Int64>()
            for s in series where s.key.meter == meter {
                for sample in try store.samples(series: s.id, from: .min, to: .max) { stamps.insert(sample.ms) }
            }
            let sortedStamps = stamps.sorted()
            var j = 0
            var stored = 0
            var killed = 0
            var lost = 0
            for t in produced {
                // The collector stamps a poll just before its first request.
                while j < sortedStamps.count && sortedStamps[j] < t - 2_000 { j += 1 }
                if j < sortedStamps.count && sortedStamps[j] <= t + 5 {
                    stored += 1
                    j += 1
                } else if inMemory.contains(where: { t > $0.from && t <= $0.to }) {
                    killed += 1
                } else {
                    lost += 1
                }
            }
            lines.append("| \(meter) | \(produced.count) | \(stored) | \(killed) | \(lost) |")
            totals.produced += produced.count
            totals.stored += stored
            totals.killed += killed
            totals.lost += lost
        }
        lines.append("| **all** | **\(totals.produced)** | **\(totals.stored)** | **\(totals.killed)** | **\(totals.lost)** |\n")
        let dropped = droppedByInstance.withLock { $0.values.reduce(0, +) }
        lines.append("Samples counted as dropped by the collector (buffer full): \(Int(dropped)).\n")
        let held = inMemory.map { Double($0.to - $0.from) / 1000 }
        lines.append(
            "Polls held in memory when a SIGKILL came: \(totals.killed), in \(kills.count) kills; a killed process had last written "
                + held.map { fmt($0) + " s" }.joined(separator: ", ") + " before (a flush interval, or a store lock by another process).\n")
        check(
            totals.lost == 0,
            "every poll a healthy device answered was stored, except what a killed process held in memory (\(totals.lost) unexplained)")

        // 2. Alerts raised against notifications received.
        let receiverLog = (try? String(contentsOfFile: options.workdir + "/webhooks.jsonl", encoding: .utf8)) ?? ""
        var received: [String: Int] = [:]
        var badSignatures = 0
        for line in receiverLog.split(separator: "\n") {
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let id = entry["delivery"] as? String,
                entry["answered"] as? Int == 200
            else { continue }
            received[id, default: 0] += 1
            if entry["valid_signature"] as? Bool != true { badSignatures += 1 }
        }
        let path = options.workdir + "/store.sqlite"
        let raised = Int(Self.sqlite(path, "SELECT COUNT(*) FROM alert_event WHERE event IN ('firing', 'resolved', 'repeat')") ?? "") ?? -1
        let queued = Int(Self.sqlite(path, "SELECT COUNT(*) FROM alert_delivery") ?? "") ?? -1
        let delivered = Int(Self.sqlite(path, "SELECT COUNT(*) FROM alert_delivery WHERE status = 'delivered'") ?? "") ?? -1
        let ids = Set((Self.sqlite(path, "SELECT id FROM alert_delivery") ?? "").split(separator: "\n").map(String.init))
        // The water flow keeps toggling while the outbox drains, so an alert can fire between the
        // moment the outbox was seen empty and the graceful stop. Its delivery stays in the outbox
        // for the next start: kept, not lost. Every row pending now was queued after that moment.
        let keptForNextStart = Set(
            (Self.sqlite(path, "SELECT id FROM alert_delivery WHERE status = 'pending'") ?? "").split(separator: "\n").map(String.init))
        let missing = ids.subtracting(received.keys).subtracting(keptForNextStart).count
        let repeated = received.values.filter { $0 > 1 }.reduce(0) { $0 + $1 - 1 }
        lines.append("## Alerts and notifications\n")
        lines.append(
            "| alert events notified (firing, resolved, repeat) | queued deliveries | delivered | received (distinct) | missing | "
                + "received again (same delivery id) |"
        )
        lines.append("|---:|---:|---:|---:|---:|---:|")
        lines.append("| \(raised) | \(queued) | \(delivered) | \(received.count) | \(missing) | \(repeated) |\n")
        check(raised > 0 && raised == queued, "every notified alert event queued one delivery (\(raised) events, \(queued) deliveries)")
        check(
            drained && missing == 0,
            "every delivery reached the receiver (\(missing) missing; outbox drained: \(drained); queued after it drained and kept "
                + "in the outbox at the stop: \(keptForNextStart.count))")
        check(
            repeated <= kills.count,
            "a delivery arrives twice at most once per SIGKILL (receivers de-duplicate on X-Meterwatch-Delivery): \(repeated)")
        check(badSignatures == 0, "every signature valid (\(badSignatures) invalid)")

        // 3. Stalls.
        let latencies = probeLatencies.withLock { $0 }.sorted()
        let p99 = latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        let worst = latencies.last ?? 0
        lines.append("## /healthz\n")
        lines.append(
            "\(latencies.count) answered probes (10/s), \(probeFailures.load(ordering: .relaxed)) unanswered (the server killed or "
                + "starting): "
                + "p50 \(fmt(percentile(latencies, 0.5) * 1000)) ms, p99 \(fmt(p99 * 1000)) ms, largest stall \(fmt(worst * 1000)) ms.\n")
        check(worst < 2, "no /healthz stall of 2 s or more (largest \(fmt(worst * 1000)) ms)")
        let statuses = readerStatuses.withLock { $0 }
        lines.append(
            "Readers (\(options.readers) in parallel): "
                + statuses.sorted { $0.key < $1.key }.map { "\($0.key == -1 ? "no answer" : String($0.key)): \($0.value)" }
                .joined(separator: ", ") + ".\n")
        check(
            statuses.keys.allSatisfy { $0 == 200 || $0 == 503 || $0 == -1 },
            "readers got only 200s, 503s of the render cap, or no answer while the server was down")
        let shed = statuses[503] ?? 0
        let bare = shedWithoutRetryAfter.load(ordering: .relaxed)
        lines.append(
            "Heavy renders past the cap (`server.limits.renders`) were shed with 503 \(shed) times "
                + "(\(fmt(Double(shed) / Double(max(1, statuses.values.reduce(0, +))) * 100)) % of answers); "
                + "\(shedThenAnswered.load(ordering: .relaxed)) pages answered 200 after waiting as told.\n")
        check(bare == 0, "every 503 carried Retry-After (\(bare) did not)")
        check(shed == 0 || shedThenAnswered.load(ordering: .relaxed) > 0, "a shed page is answered after waiting as told")

        // 4. Memory of the last process, which ran to the end without a kill.
        lines.append("## Memory\n")
        if let a = rssStart, let b = rssEnd {
            lines.append(
                "Resident memory of the last `serve`: \(fmt(a)) MiB 30 s after its start, \(fmt(b)) MiB \(Int(rssSeconds)) s later "
                    + "(\(fmt((b / a - 1) * 100)) %).\n"
            )
            // Short runs (CI's two minutes) still warm up: the bound applies from five minutes on.
            if rssSeconds >= 300 {
                check(b <= a * 1.10, "memory grew by at most 10 %")
            } else {
                lines.append("- (memory growth is checked on runs whose last part lasts five minutes or more)")
            }
        } else {
            check(false, "memory measured")
        }
        check(stoppedCleanly, "serve stopped gracefully at the end")

        let faults = events.withLock { $0 }.map(\.what)
        let transport =
            options.plain
            ? "Plain HTTP, open reads."
            : "HTTPS (a CA of the soak's own) with `auth.mode: local`: half the readers with a session signed in once at the start "
                + "(kept in the store across the kills), half with a read token; /healthz probed over a new TLS connection each time."
        let header = """
            # Soak: \(Int(options.durationSeconds)) s of `meterwatch serve` under faults

            Faults injected: \(kills.count) SIGKILLs of `serve` (each restarted), \
            \(faults.filter { $0.hasPrefix("store locked") }.count) store locks by another \
            process, \(faults.filter { $0 == "webhook receiver down" }.count) webhook receiver outage(s), \
            a dead, a garbage-answering and a \
            connection-dropping device beside 4 healthy ones, \(options.readers) parallel readers.
            \(transport)

            """
        return SoakReport(text: header + "\n" + lines.joined(separator: "\n") + "\n\n**\(passed ? "PASSED" : "FAILED")**\n", passed: passed)
    }

    func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
