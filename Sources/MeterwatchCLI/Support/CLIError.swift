import Foundation

/// A failure the command line finds itself (the layers below have their own typed errors);
/// `ExitStatus` maps every error to the process's exit status.
enum CLIError: Error, CustomStringConvertible, Equatable {
    /// An option's value is out of its range or shape.
    case badOption(String, String)
    /// `--to` is not after `--from`.
    case emptyRange
    case noStoreFolder(String)
    case unknownMeter(String, config: String)
    case unknownSite(String, known: [String])
    case noSeries(String, store: String)
    case unknownKPI(String, configured: [String])
    case unknownRule(String, config: String)
    case noRules(config: String)
    case noSuchAlert(Int64, store: String)
    case nothingToCollect(config: String)
    case noForward(config: String)
    case noProfile(String, searched: [String])
    case deviceDidNotAnswer(String)
    case destinationExists(String)
    case insecureBind(host: String)
    case openBeyondLoopback(host: String)
    case signInWithoutTLS(host: String, mode: String)
    case tokenMissing
    case toolFailed(String)

    var description: String {
        switch self {
        case let .badOption(option, message): "\(option): \(message)"
        case .emptyRange: "--to must be after --from (the range is [from, to))"
        case .noStoreFolder(let folder): "the store's folder \(folder) does not exist"
        case let .unknownMeter(id, config): "unknown meter '\(id)' (not in \(config)); give --quantity for meters known only to the store"
        case let .unknownSite(id, known): "unknown site '\(id)' (sites: \(known.joined(separator: ", ")))"
        case let .noSeries(series, store): "no data for \(series) in \(store)"
        case let .unknownKPI(id, configured): "unknown KPI '\(id)' (configured: \(configured.joined(separator: ", ")))"
        case let .unknownRule(id, config): "unknown rule '\(id)' (not in \(config))"
        case .noRules(let config): "\(config): no alert rules to evaluate"
        case let .noSuchAlert(id, store): "no alert \(id) in \(store)"
        case .nothingToCollect(let config): "\(config): no meter has a device: section; nothing to collect"
        case .noForward(let config): "\(config): no forward: section; nothing to forward to"
        case let .noProfile(reference, searched):
            "no device profile '\(reference)' (searched \(searched.joined(separator: ", ")); give a file path or set MW_DEVICES)"
        case .deviceDidNotAnswer(let message): message
        case .destinationExists(let path): "\(path) exists; choose a new file"
        case .insecureBind(let host):
            "refusing to serve on \(host) without any write token: add server.tokens (meterwatch token new) or MW_API_TOKENS, or pass "
                + "--insecure"
        case .openBeyondLoopback(let host):
            "auth.mode open (reads open to anyone who reaches the port) is allowed on a loopback bind only, not \(host): "
                + "choose auth.mode token, oidc or local"
        case let .signInWithoutTLS(host, mode):
            "auth.mode \(mode) on \(host) without server.tls would send passwords, tokens and session cookies in clear: set "
                + "server.tls (cert, key), or bind 127.0.0.1 behind a reverse proxy that speaks HTTPS"
        case .tokenMissing: "give the token (at least 16 characters) on standard input"
        case .toolFailed(let message): message
        }
    }
}
