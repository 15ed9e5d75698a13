import Foundation
import Hummingbird
import MeterwatchAlerts
import MeterwatchCore
import MeterwatchEngine
import MeterwatchImport
import MeterwatchPostgres
import MeterwatchStore
import NIOCore

/// The one place errors become HTTP answers: each typed error of the layers below to a status, a
/// problem type and a detail worded for API users (parameters, not command-line options).
enum ErrorMapping {
    static func problem(_ error: any Error, method: HTTPRequest.Method) -> Problem? {
        switch error {
        case let p as Problem:
            return p
        case let t as TooManyAttempts:
            var p = Problem(.tooManyRequests, "too many failed sign-ins or tokens from this address: try again in \(t.retryAfterSeconds) s")
            p.retryAfter = t.retryAfterSeconds
            return p
        case is RenderGate.Busy:
            var p = Problem(
                .serviceUnavailable, "the server is computing as many heavy answers as it may (server.limits.renders): try again shortly")
            p.retryAfter = 5
            return p
        case let e as WorkBudget.Exceeded:
            switch e {
            case .deadline(let ms):
                return Problem(
                    .serviceUnavailable, "the answer took longer than \(ms / 1000) s (server.limits.deadline): ask for a shorter period")
            case .clientGone:
                return Problem(.serviceUnavailable, "the client left before the answer was ready")
            }
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, "the request body is over the server's limit (server.max_body)")
        case let e as HTTPError:
            let detail: String =
                switch e.status {
                case .contentTooLarge: "the request body is too large"
                case .methodNotAllowed: "\(method) is not allowed here"
                default: e.body ?? e.status.reasonPhrase
                }
            return Problem(e.status, detail)
        case let e as EngineError:
            let status: HTTPResponse.Status =
                switch e.kind {
                case .notFound: .notFound
                case .invalidRequest: .badRequest
                case .insufficientData: .unprocessableContent
                }
            return Problem(status, e.phrase.text(.en) + hint(e.hint), type: "urn:meterwatch:problem:\(kind(e.kind))")
        case let e as Period.ParseError:
            return Problem(.badRequest, e.description, type: "urn:meterwatch:problem:bad-period")
        case let f as ImportFailure:
            return Problem(
                .unprocessableContent,
                "nothing was stored: \(f.total) row(s) are invalid (add skip_invalid=true to store the good rows)",
                errors: f.errors.prefix(200).map(\.description), type: "urn:meterwatch:problem:invalid-rows")
        case let e as InputError:
            return Problem(.unprocessableContent, e.description, type: "urn:meterwatch:problem:invalid-input")
        case let e as StoreError:
            if case .unknownSeries = e { return Problem(.notFound, e.description) }
            // The data a request carries cannot be stored as it is (a kind or unit clash, a pruned range).
            return Problem(.unprocessableContent, "nothing was stored: \(e)", type: "urn:meterwatch:problem:store-refused")
        case let e as PostgresStoreError:
            // The central's database is down or refused: the edge keeps the batch and sends it again.
            return Problem(.serviceUnavailable, "the central store is unavailable: \(e)", type: "urn:meterwatch:problem:store-unavailable")
        case let e as ReadingsRepair.Failure:
            if case .ambiguous = e { return Problem(.badRequest, e.description + " (quantity=…)") }
            return Problem(.notFound, e.description)
        case let e as AlertStoreError:
            switch e {
            case .notFound: return Problem(.notFound, e.description)
            case .notActive: return Problem(.conflict, e.description, type: "urn:meterwatch:problem:alert-not-active")
            }
        default:
            return nil
        }
    }

    static func kind(_ k: EngineError.Kind) -> String {
        switch k {
        case .notFound: "not-found"
        case .invalidRequest: "invalid-request"
        case .insufficientData: "insufficient-data"
        }
    }

    /// Advice in the API's terms.
    static func hint(_ h: EngineError.Hint?) -> String {
        switch h {
        case .useBillingMethod: " (method=billing)"
        case .chooseTemperature: " (temperature=…)"
        case .importTemperatures: " (import a weather station's file with `meterwatch import temperature`)"
        case nil: ""
        }
    }
}
