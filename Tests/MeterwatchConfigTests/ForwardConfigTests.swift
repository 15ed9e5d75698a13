import Foundation
import MeterwatchCore
import MeterwatchTestSupport
import Testing

@testable import MeterwatchConfig

/// `forward:` on an edge and `server.tokens[].site` on a central.
@Suite struct ForwardConfigTests {
    static let token = "library-edge-token-0123456789"
    static let edge = """
        site: { name: Library, timezone: Asia/Taipei }
        forward: { to: "http://central.example:8080", site: library, every: 30s, batch: 5000 }
        meters: [ { id: lib-power, category: electricity } ]
        """

    func parse(_ yaml: String, environment: [String: String] = ["MW_FORWARD_TOKEN": token]) throws(ConfigError) -> SiteConfig {
        try SiteConfig.parse(yaml: yaml, file: "site.yaml", environment: environment)
    }

    @Test func anEdgeNamesItsCentralItsSiteAndItsToken() throws {
        let c = try parse(Self.edge)
        let f = try #require(c.forward)
        #expect(f.url.absoluteString == "http://central.example:8080" && f.site == "library" && f.token == Self.token)
        #expect(f.everyMs == 30_000 && f.batchReadings == 5_000 && f.timeoutMs == 30_000)
        // The token from a file beside the configuration.
        let folder = try TemporaryFolder("mw-forward")
        let dir = folder.path
        try "\(Self.token)\n".write(toFile: dir + "/forward.token", atomically: true, encoding: .utf8)
        let fromFile = try SiteConfig.parse(
            yaml: Self.edge.replacingOccurrences(of: "site: library,", with: "site: library, token_file: forward.token,"),
            file: dir + "/meterwatch.yaml", environment: [:])
        #expect(fromFile.forward?.token == Self.token)
    }

    @Test(arguments: [
        ("\"http://central.example:8080\"", "\"ftp://central\"", "forward.to", "expected an http or https URL"),
        ("site: library,", "site: 'lib rary',", "forward.site", "ASCII letters"),
        ("every: 30s", "every: 10ms", "forward.every", "100ms"),
        ("batch: 5000", "batch: 0", "forward.batch", "1…1,000,000"),
        ("site: library,", "site: library, token_file: /nonexistent/token,", "forward.token_file", "cannot read"),
    ])
    func aMistakeInForwardNamesItsPlace(find: String, replace: String, key: String, message: String) throws {
        let yaml = Self.edge.replacingOccurrences(of: find, with: replace)
        #expect(yaml != Self.edge)
        do {
            _ = try parse(yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.key == key && error.message.contains(message), "\(error)")
        }
    }

    @Test func aTokenIsNeededAndASiteTokenNamesAKnownSite() throws {
        #expect(throws: ConfigError.self) { try parse(Self.edge, environment: [:]) }
        let central = """
            site: { timezone: Asia/Taipei }
            sites: [ { id: hall }, { id: library } ]
            server: { tokens: [ { name: e, sha256: \(String(repeating: "ab", count: 32)), site: annex } ] }
            meters: []
            """
        do {
            _ = try parse(central)
            Issue.record("accepted a token for an unknown site")
        } catch {
            #expect(
                error.key == "server.tokens[0].site" && error.message.contains("unknown site 'annex' (expected one of hall, library)"),
                "\(error)")
        }
        let fine = try parse(central.replacingOccurrences(of: "site: annex", with: "site: library"))
        #expect(fine.server.tokens.first?.site == "library")
    }
}
