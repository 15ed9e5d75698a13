import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MeterwatchCore
import Testing

@testable import MeterwatchServer

/// `/open-data` and its files: open to anyone while sign-in is required elsewhere, conditional
/// requests answered with 304 until a figure changes, and nothing that was not chosen.
@Suite struct OpenDataRoutesTests {
    static let yaml = """
        site: { name: { en: City Government, zh-TW: 市政府 }, timezone: Asia/Taipei }
        sites:
          - { id: hall, name: { en: City Hall, zh-TW: 市政大樓 }, floor_area_m2: 10000 }
          - { id: annex, name: { en: Secret Annex, zh-TW: 機密分館 }, floor_area_m2: 3000 }
        meters:
          - { id: hall-power, site: hall, category: electricity }
          - { id: annex-power, site: annex, category: electricity }
        server: { bind: 0.0.0.0:8443 }
        auth: { mode: local }
        open_data:
          buildings: [hall]
          categories: [electricity]
          from: 2025-01
          provider: { zh-TW: 市政府秘書處, en: Secretariat }
          contact: { name: 能源小組, email: energy@example.gov.tw }
        """

    func site(_ yaml: String = Self.yaml) throws -> ServerTestSite {
        let site = try ServerTestSite(yaml, now: "2025-04-15T10:30:00+08:00")
        var csv = "meter,start,end,value\n"
        for meter in ["hall-power", "annex-power"] {
            for i in 0..<15 {
                let s = CivilDate(year: 2024, month: 1, day: 1).adding(months: i)
                csv += "\(meter),\(s),\(s.adding(months: 1)),\(i < 12 ? 100_000 : 90_000)\n"
            }
        }
        try site.importReadings(csv)
        return site
    }

    @Test func theFilesAreOpenAndAnswerConditionalRequests() async throws {
        let site = try site()
        try await site.test { client in
            // Sign-in is required for the pages...
            try await client.execute(uri: "/api/v1/meters", method: .get) { #expect($0.status == .unauthorized) }
            // ...but not for what was chosen for the public.
            var etag = ""
            var modified = ""
            try await client.execute(uri: "/open-data/energy-monthly.json", method: .get) { response in
                #expect(response.status == .ok)
                etag = response.headers[.eTag] ?? ""
                modified = response.headers[.lastModified] ?? ""
                #expect(etag.hasPrefix("\"") && etag.count == 34, "\(etag)")
                #expect(modified == "Tue, 15 Apr 2025 02:30:00 GMT")
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                // January to March: April is still running.
                #expect(rows.map { $0["StatisticsMonth"] as? Int } == [1, 2, 3])
                #expect(rows.map { $0["ElectricityConsumption"] as? Double } == [90_000, 90_000, 90_000])
            }
            try await client.execute(uri: "/open-data/energy-monthly.json", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified && response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == etag)
            }
            try await client.execute(uri: "/open-data/energy-monthly.json", method: .get, headers: [.ifModifiedSince: modified]) {
                #expect($0.status == .notModified)
            }
            try await client.execute(uri: "/open-data/energy-monthly.json", method: .get, headers: [.ifNoneMatch: "\"other\""]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/open-data/energy-monthly.csv", method: .head) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "text/csv; charset=utf-8")
            }
            try await client.execute(uri: "/open-data/secrets.txt", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/open-data/energy-monthly.csv?x=1", method: .get) { #expect($0.status == .badRequest) }
            // A repaired bill changes a figure: within ten minutes the files stay as they were, then a new
            // ETag, and the old one no longer matches.
            site.clock.advance(ms: 60_000)
            try site.importReadings("meter,start,end,value\nhall-power,2025-02-01,2025-03-01,88000\n")
            try await client.execute(uri: "/open-data/energy-monthly.json", method: .get, headers: [.ifNoneMatch: etag]) {
                #expect($0.status == .notModified)
            }
            site.clock.advance(ms: 10 * 60_000)
            try await client.execute(uri: "/open-data/energy-monthly.json", method: .get, headers: [.ifNoneMatch: etag]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/open-data/energy-monthly.json", method: .get) { response in
                #expect(response.status == .ok)
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(rows[1]["ElectricityConsumption"] as? Double == 88_000)
                #expect(response.headers[.lastModified] == "Tue, 15 Apr 2025 02:41:00 GMT")
            }
        }
    }

    @Test func thePageSpeaksTheReadersLanguageAndHoldsNothingElse() async throws {
        let site = try site()
        try await site.test { client in
            try await client.execute(uri: "/open-data?lang=zh-TW", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("<html lang=\"zh-TW\"") && html.contains("政府資料開放授權條款－第1版"))
                #expect(html.contains("href=\"/open-data/datapackage.json\""))
                for english in ["Files", "Fields", "Provider", "Licence", "Contact", "Update frequency", "Open data"] {
                    #expect(!html.contains(">\(english)<") && !html.contains(">\(english):"), "'\(english)' on a zh-TW page")
                }
                #expect(html.contains("114年1月 – 114年3月"), "\(html)")
            }
            try await client.execute(uri: "/open-data", method: .get, headers: [.acceptLanguage: "en"]) { response in
                #expect(response.text.contains("Open Government Data License, version 1.0") && response.text.contains("January 2025"))
            }
            for path in [
                "/open-data", "/open-data/datapackage.json", "/open-data/energy-monthly.csv", "/open-data/energy-monthly-zh-TW.csv",
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    let text = response.text
                    for secret in ["annex", "Annex", "機密", "hall-power"] {
                        #expect(!text.contains(secret), "\(path) holds '\(secret)'")
                    }
                }
            }
        }
    }

    @Test func withoutAnOpenDataSectionThereIsNothingToRead() async throws {
        let site = try site(Self.yaml.components(separatedBy: "open_data:")[0])
        try await site.test { client in
            for path in ["/open-data", "/open-data/datapackage.json"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.text.contains("nothing is published as open data"))
                }
            }
        }
    }
}
