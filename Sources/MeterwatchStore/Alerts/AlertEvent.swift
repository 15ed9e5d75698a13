import Foundation
import GRDB
import MeterwatchCore

/// One entry of an alert's history.
public struct AlertEvent: Sendable, Hashable, Codable {
    public var alert: Int64
    public var atMs: Int64
    /// `pending`, `firing`, `repeat`, `resolved`, `cancelled`, `acknowledged`.
    public var event: String
    public var value: Double?
    public var note: String?
}
