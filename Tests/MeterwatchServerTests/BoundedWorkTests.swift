import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore
import NIOCore
import NIOEmbedded
import NIOPosix
import Testing

@testable import MeterwatchServer

/// What one request may ask of the server: heavy answers stop at their deadline and when their
/// client leaves, at most `renders` run at once (503 with Retry-After past it), and `/readyz`
/// says so while every blocking thread is busy.
@Suite(.serialized) struct BoundedWorkTests {
    static let yaml = """
        site: { name: Test, timezone: Asia/Taipei }
        meters: [ { id: hall, category: electricity, unit: kWh } ]
        server: { limits: { deadline: 5s, renders: 1 } }
        """

    func site() throws -> ServerTestSite {
        let site = try ServerTestSite(Self.yaml)
        var csv = "meter,time,value\n"
        for day in 0..<60 { csv += "hall,\(CivilDate(year: 2026, month: 1, day: 1).adding(days: day)),\(day * 100)\n" }
        try site.importReadings(csv)
        return site
    }

    /// The engine's reads ask the budget first: past the deadline (the clock moved on) the
    /// comparison stops with `deadline`; once the client's connection closed, with `clientGone`.
    @Test func aHeavyAnswerStopsAtItsDeadlineAndWhenItsClientLeaves() throws {
        let site = try site()
        let channel = EmbeddedChannel()
        _ = try channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        var state = site.state
        state.budget = WorkBudget(deadlineMs: site.clock.nowMs() + 5_000, limitMs: 5_000, clock: site.clock, channel: channel)
        let period = try Period.parse("2026")
        // Within the budget: the answer.
        #expect(try state.engine().compare(.meter("hall"), period: period, against: .previousYear).current.value > 0)
        site.clock.advance(ms: 6_000)
        #expect(throws: WorkBudget.Exceeded.self) { try state.engine().compare(.meter("hall"), period: period, against: .previousYear) }
        state.budget = WorkBudget(deadlineMs: site.clock.nowMs() + 5_000, limitMs: 5_000, clock: site.clock, channel: channel)
        _ = try channel.close().wait()
        do {
            _ = try state.engine().compare(.meter("hall"), period: period, against: .previousYear)
            Issue.record("a comparison went on after its client left")
        } catch WorkBudget.Exceeded.clientGone {
        } catch { Issue.record("\(error)") }
        // As the API says it: a 503 that names the limit.
        let problem = try #require(ErrorMapping.problem(WorkBudget.Exceeded.deadline(limitMs: 5_000), method: .get))
        #expect(problem.status == 503 && problem.detail.contains("server.limits.deadline"))
    }

    /// With `renders: 1`, a second heavy answer while one runs is a 503 with Retry-After, at once;
    /// a light read is not held.
    @Test func pastTheRenderCapAHeavyAnswerIs503() async throws {
        let site = try site()
        let gate = site.state.renders
        let release = AsyncStream<Void>.makeStream()
        let holding = Task {
            try await gate.run {
                for await _ in release.stream { break }
            }
        }
        while gate.inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await site.test { client in
            let busy = try await client.execute(uri: "/api/v1/compare?meter=hall&period=2026", method: .get)
            #expect(busy.status == .serviceUnavailable && busy.headers[.retryAfter] == "5", "\(busy.text)")
            #expect(try await client.execute(uri: "/api/v1/meters", method: .get).status == .ok)
            release.continuation.yield()
            try await holding.value
            #expect(try await client.execute(uri: "/api/v1/compare?meter=hall&period=2026", method: .get).status == .ok)
        }
    }

    /// `/readyz` is 503 while every thread of the blocking pool is taken, ready again after.
    @Test func readinessFollowsTheBlockingPool() async throws {
        let site = try site()
        try await site.test { client in
            // Other tests share the pool: ready is waited for, not assumed.
            func ready() async throws -> Bool {
                for _ in 0..<200 {
                    if try await client.execute(uri: "/readyz", method: .get).status == .ok { return true }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return false
            }
            #expect(try await ready())
            let gate = DispatchSemaphore(value: 0)
            let started = DispatchSemaphore(value: 0)
            var jobs: [Task<Void, any Error>] = []
            for _ in 0..<BlockingLoad.threads {
                jobs.append(
                    Task {
                        try await blocking {
                            started.signal()
                            gate.wait()
                        }
                    })
            }
            for _ in 0..<BlockingLoad.threads {
                await withCheckedContinuation { c in
                    DispatchQueue.global().async {
                        started.wait()
                        c.resume()
                    }
                }
            }
            let saturated = try await client.execute(uri: "/readyz", method: .get)
            #expect(saturated.status == .serviceUnavailable && saturated.headers[.retryAfter] == "2")
            for _ in jobs { gate.signal() }
            for job in jobs { try await job.value }
            #expect(try await ready())
        }
    }
}
