import Foundation
import MeterwatchCore
import Testing

@testable import MeterwatchStore

/// Alerts from an edge to its central: the edge sends its alerts' new history entries in order and
/// moves its cursor when the central holds them; the central keeps them under the sending building,
/// each entry once however often it is sent, its own acknowledgements kept.
@Suite struct AlertForwardingTests {
    static func leak(_ t: TempStore, state: AlertState, at: Int64) -> StoredAlert {
        var a = StoredAlert(
            rule: "night-flow", subject: "lib-water", meter: "lib-water", type: "night_flow", severity: .critical, state: state,
            startedAtMs: at, updatedAtMs: at, value: 0.5, threshold: 0.1, unit: "m³/h", messageEN: "leak", messageZH: "漏水")
        if state == .firing { a.firedAtMs = at }
        return a
    }

    @Test func anEdgesAlertsReachTheCentralOnceEach() throws {
        let edge = try TempStore()
        let central = try TempStore()
        let t0 = edge.at("2026-01-01T02:00:00+08:00")
        // Off: nothing to send.
        _ = try edge.store.commitAlertChanges([AlertChange(alert: Self.leak(edge, state: .pending, at: t0), event: .pending, atMs: t0)])
        #expect(try edge.store.pendingAlertForwards(limit: 10).isEmpty)
        try edge.store.enableForwarding()
        // The history so far, then a change.
        var alert = try #require(try edge.store.activeAlerts().first)
        alert.state = .firing
        alert.firedAtMs = t0 + 600_000
        alert.updatedAtMs = t0 + 600_000
        _ = try edge.store.commitAlertChanges([AlertChange(alert: alert, event: .firing, atMs: t0 + 600_000)])
        let first = try edge.store.pendingAlertForwards(limit: 10)
        #expect(first.count == 1 && first[0].events.map(\.event) == ["pending", "firing"] && first[0].alert.state == .firing)

        #expect(try central.store.mergeForwardedAlerts(first, site: "library") == 2)
        // Sent again (the answer was lost): nothing new.
        #expect(try central.store.mergeForwardedAlerts(first, site: "library") == 0)
        let kept = try #require(try central.store.alerts().first)
        #expect(kept.rule == "library/night-flow" && kept.state == .firing && kept.meter == "lib-water")
        #expect(try central.store.alertEvents(alert: kept.id).map(\.event) == ["pending", "firing"])

        // Acknowledged at the central; then the edge resolves it: the state follows, the acknowledgement stays.
        try central.store.acknowledgeAlert(id: kept.id, by: "duty officer", comment: "crew sent", atMs: t0 + 700_000)
        try edge.store.acknowledgeForwardedAlerts(through: first[0].events.last!.id)
        #expect(try edge.store.pendingAlertForwards(limit: 10).isEmpty)
        alert.state = .resolved
        alert.resolvedAtMs = t0 + 3_600_000
        alert.updatedAtMs = t0 + 3_600_000
        _ = try edge.store.commitAlertChanges([AlertChange(alert: alert, event: .resolved, atMs: t0 + 3_600_000)])
        let second = try edge.store.pendingAlertForwards(limit: 10)
        #expect(second.map { $0.events.map(\.event) } == [["resolved"]])
        #expect(try central.store.mergeForwardedAlerts(second, site: "library") == 1)
        let after = try #require(try central.store.alert(id: kept.id))
        #expect(after.state == .resolved && after.ackedBy == "duty officer" && after.resolvedAtMs == t0 + 3_600_000)
        #expect(try central.store.alerts().count == 1)

        // The same edge id from another building is another alert.
        #expect(try central.store.mergeForwardedAlerts(first, site: "hall") == 2)
        #expect(try central.store.alerts().map(\.rule).sorted() == ["hall/night-flow", "library/night-flow"])

        // Forwarding reset: the cursor goes, and the whole history is offered again (and taken once).
        try edge.store.disableForwarding()
        try edge.store.enableForwarding()
        let again = try edge.store.pendingAlertForwards(limit: 10)
        #expect(again.flatMap(\.events).count == 3)
        #expect(try central.store.mergeForwardedAlerts(again, site: "library") == 0)
    }

    /// A replaced edge (a new store: its alert ids start again at 1) never updates its predecessor's
    /// alerts at the central: each store has its own id. A condition its predecessor left active is
    /// carried on as one alert, from when it started.
    @Test func aReplacedEdgesAlertsAreNotItsPredecessors() throws {
        let old = try TempStore()
        let replacement = try TempStore()
        let central = try TempStore()
        let (oldID, newID) = (try old.store.storeID(), try replacement.store.storeID())
        #expect(oldID.count == 32 && newID.count == 32 && oldID != newID)
        #expect(try old.store.storeID() == oldID)
        let t0 = old.at("2026-01-01T02:00:00+08:00")
        let day = Int64(86_400_000)
        // The old edge's leak resolved, then the replacement's own: two alerts.
        var leak = Self.leak(old, state: .firing, at: t0)
        _ = try old.store.commitAlertChanges([AlertChange(alert: leak, event: .firing, atMs: t0)])
        leak = try #require(try old.store.activeAlerts().first)
        leak.state = .resolved
        leak.resolvedAtMs = t0 + 3_600_000
        leak.updatedAtMs = t0 + 3_600_000
        _ = try old.store.commitAlertChanges([AlertChange(alert: leak, event: .resolved, atMs: t0 + 3_600_000)])
        _ = try replacement.store.commitAlertChanges([
            AlertChange(alert: Self.leak(replacement, state: .firing, at: t0 + day), event: .firing, atMs: t0 + day)
        ])
        try old.store.enableForwarding()
        try replacement.store.enableForwarding()
        let fromOld = try old.store.pendingAlertForwards(limit: 10)
        let fromNew = try replacement.store.pendingAlertForwards(limit: 10)
        #expect(fromOld.first?.alert.id == fromNew.first?.alert.id)
        #expect(try central.store.mergeForwardedAlerts(fromOld, site: "library", edge: oldID) == 2)
        #expect(try central.store.mergeForwardedAlerts(fromNew, site: "library", edge: newID) == 1)
        let kept = try central.store.alerts().sorted { $0.startedAtMs < $1.startedAtMs }
        #expect(kept.map(\.startedAtMs) == [t0, t0 + day] && kept.map(\.state) == [.resolved, .firing])

        // A third store finds the replacement's leak still firing: the same alert carries on.
        let third = try TempStore()
        var still = Self.leak(third, state: .firing, at: t0 + 2 * day)
        still.value = 0.8
        _ = try third.store.commitAlertChanges([AlertChange(alert: still, event: .firing, atMs: t0 + 2 * day)])
        try third.store.enableForwarding()
        #expect(
            try central.store.mergeForwardedAlerts(
                try third.store.pendingAlertForwards(limit: 10), site: "library", edge: try third.store.storeID()) == 1)
        let carried = try central.store.alerts().sorted { $0.startedAtMs < $1.startedAtMs }
        #expect(carried.count == 2 && carried[1].startedAtMs == t0 + day && carried[1].value == 0.8)
        #expect(try central.store.alertEvents(alert: carried[1].id).count == 2)
    }
}
