import Foundation
import Hummingbird
import MeterwatchAlerts
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchImport
import MeterwatchStore
import NIOCore

/// The query parameters several resources share: the selection, the period and baseline, the category and the language.
extension APIRoutes {
    static func selection(_ req: Request) throws -> Selection {
        var given: [Selection] = []
        if let m = req.query("meter") { given.append(.meter(m)) }
        if let t = req.query("tag") { given.append(.tag(t)) }
        if let v = req.query("vehicle") { given.append(.vehicle(v.uppercased())) }
        if let c = req.query("category") { given.append(.category(try category(c))) }
        guard given.count == 1 else { throw Problem.badRequest("give exactly one of meter, tag, category, vehicle") }
        return given[0]
    }

    /// A `category` parameter, or 400 listing the categories.
    static func category(_ text: String) throws -> MeterCategory {
        guard let category = MeterCategory(rawValue: text) else {
            throw Problem.badRequest("unknown category '\(text)' (\(MeterCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return category
    }

    static func period(_ req: Request, default fallback: String? = nil) throws -> Period {
        guard let text = req.query("period") ?? fallback else {
            throw Problem.badRequest("give period (2019, 2019H2, 2019Q3, 2019-07, roc:108H2, 2019-07-01..2019-12-31)")
        }
        do { return try Period.parse(text) } catch { throw Problem.badRequest("period: \(error)") }
    }

    static func baseline(_ req: Request) throws -> Baseline {
        do { return try Baseline.parse(req.query("against") ?? "previous-year") } catch { throw Problem.badRequest("against: \(error)") }
    }

    static func language(_ req: Request, default fallback: Language = .en) throws -> Language {
        guard let text = req.query("lang") else { return fallback }
        guard let l = Language(rawValue: text) else { throw Problem.badRequest("lang: expected en or zh-TW") }
        return l
    }
}
