import Foundation
import GRDB
import MeterwatchCore

/// A notification in the outbox and what became of it.
public struct AlertDelivery: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable { case pending, delivered, failed }
    public var id: Int64
    public var alert: Int64
    public var event: String
    public var webhook: String
    public var body: String
    public var createdAtMs: Int64
    public var status: Status
    public var attempts: Int
    public var nextAttemptAtMs: Int64
    public var httpStatus: Int?
    public var lastError: String?
    public var deliveredAtMs: Int64?
}
