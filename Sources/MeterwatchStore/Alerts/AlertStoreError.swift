import Foundation
import GRDB
import MeterwatchCore

public enum AlertStoreError: Error, CustomStringConvertible, Equatable {
    case notFound(Int64)
    case notActive(Int64, AlertState)
    public var description: String {
        switch self {
        case .notFound(let id): "no alert \(id)"
        case .notActive(let id, let state): "alert \(id) is \(state.rawValue); only pending and firing alerts can be acknowledged"
        }
    }
}
