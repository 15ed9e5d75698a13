import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchImport
import MeterwatchPostgres
import MeterwatchStore
import MeterwatchTestPostgres
import MeterwatchTestSupport

@testable import MeterwatchServer

/// A site with a store in a temporary folder, served by the router in process (HummingbirdTesting's
/// router mode: no socket), at an instant the test chooses.
final class ServerTestSite: @unchecked Sendable {
    /// Removed with everything in it when this is released.
    let folder: TemporaryFolder
    let dir: String
    let config: SiteConfig
    let store: MeterStore
    let clock: ManualClock
    let state: ServerState
    /// The PostgreSQL central the server keeps the buildings' readings in (`postgres: true`).
    let central: PostgresStore?
    let routes: RouteTable
    let router: Router<ServerContext>

    /// The metrics endpoint bootstraps swift-metrics once per process.

    init(
        _ yaml: String, now: String = "2026-11-26T10:30:00+08:00", token: String? = nil, postgres: Bool = false,
        environment extra: [String: String] = [:]
    ) throws {
        folder = try TemporaryFolder("mw-server")
        dir = folder.path
        var environment = extra
        if let token {
            environment["MW_API_TOKENS"] = "tester:\(token)"
        }
        config = try SiteConfig.parse(yaml: yaml, file: dir + "/meterwatch.yaml", environment: environment)
        let calendar = try LocalCalendar(timeZone: config.site.timeZone)
        clock = ManualClock(nowMs: try TimeParser(calendar: calendar).parseInstant(now))
        store = try MeterStore(path: config.storage.path, calendar: calendar, clock: clock)
        let dashboards = try DashboardSet.load(directory: config.server.dashboardsDirectory, meters: config.meters)
        central = postgres ? try PostgresStore(address: try PostgresTestServer.freshDatabase(), calendar: calendar, clock: clock) : nil
        state = ServerState(config: config, store: store, central: central, dashboards: dashboards, clock: clock)
        (router, routes) = HTTPServer.makeRouter(state: state, logger: Logger(label: "test"))
    }

    deinit { central?.close() }

    func importReadings(_ csv: String) throws {
        let importer = ReadingsImporter(config: config, store: store, clock: clock)
        _ = try importer.importData(Data(csv.utf8), file: "test.csv", skipInvalid: false)
    }

    /// Runs `body` with a client of the router.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: router)
        try await app.test(.router, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
