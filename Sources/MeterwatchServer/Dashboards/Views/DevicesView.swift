import MeterwatchCollector
import MeterwatchCore
import MeterwatchPostgres

/// The Devices page: each Modbus device's health as the collector last recorded it.
struct DevicesView: Sendable {
    let layout: LayoutView
    let none: String?
    let headers: [String]
    let rows: [Row]
    /// A deployment of several buildings shows each device's building and when its edge sent it.
    let showSite: Bool
    /// On an edge (`forward:`): how far behind the central is.
    let forwarding: Forwarding?

    struct Forwarding: Sendable {
        let title: String
        let state: String
        let stateClass: String
        let details: [String]
    }

    struct Row: Sendable {
        let stateClass: String
        let meter: String
        let site: String
        let received: String
        let profile: String
        let link: String
        let state: String
        let requests: String
        let errors: String
        let rejected: String
        let lastSuccess: String
        let latency: String
        let lastError: String
    }

    init(_ c: PageContext, _ def: DashboardDefinition) throws {
        layout = c.layout(def)
        let health = try DeviceHealthReport.all(config: c.state.config, store: c.state.store, nowMs: c.now)
        // An edge forwards to its central over HTTP; a central on PostgreSQL forwards its own store into the database.
        let target: (central: String, site: String)? =
            c.state.config.forward.map { ($0.url.absoluteString, $0.site) }
            ?? (c.state.central as? PostgresStore).map {
                ($0.address.description, c.state.config.buildings.map(\.id).joined(separator: ", "))
            }
        if let target {
            let s = try c.state.store.forwardState()
            let behind = s.behindSeconds(nowMs: c.now).map { Int($0) }
            forwarding = Forwarding(
                title: c.t(.forwarding(central: target.central, site: target.site)),
                state: behind.map { c.t(.forwardBehind(changes: s.pendingChanges, seconds: $0)) } ?? c.t(.forwardUpToDate),
                stateClass: s.lastError == nil ? "ok" : "alarm",
                details: [
                    s.lastSuccessMs.map { c.t(.forwardLastSuccess(c.calendar.isoString($0))) },
                    s.lastError.map { c.t(.forwardLastError($0)) },
                ]
                .compactMap { $0 })
        } else {
            forwarding = nil
        }
        none = health.isEmpty ? c.t(.noDevices) : nil
        showSite = c.state.config.buildings.count > 1
        headers =
            [c.t(.device)] + (showSite ? [c.t(.building)] : [])
            + [
                c.t(.profile), c.t(.link), c.t(.state), c.t(.requests), c.t(.errors), c.t(.rejectedValues), c.t(.lastSuccess),
                c.t(.latency), c.t(.lastError),
            ] + (showSite ? [c.t(.forwardedAt)] : [])
        let buildings = c.state.config.buildings
        rows = health.map { h in
            Row(
                stateClass: "dev-\(h.state.cssClass)", meter: h.meter,
                site: buildings.first { $0.id == h.site }?.displayName(c.lang) ?? h.site, received: h.received ?? "",
                profile: h.profile, link: "\(h.link) / \(h.unit)",
                state: c.t(.deviceState(h.state)),
                requests: String(h.requests),
                errors: h.errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                rejected: String(h.rejectedValues), lastSuccess: h.lastSuccess ?? "",
                latency: h.latencyMs.map { c.num($0, 1) + " ms" } ?? "",
                lastError: h.lastError ?? "")
        }
    }
}
