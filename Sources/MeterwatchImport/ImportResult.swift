import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// What an import did, and the rows it rejected (only with `skipInvalid`).
public struct ImportResult: Sendable {
    public var file: String
    public var encoding: TextDecoding.Encoding
    public var rows: Int
    public var report: IngestReport
    public var rejected: [InputError]
    /// Every rejected row, listed or not (the list is capped).
    public var rejectedTotal: Int = 0
    /// Rows skipped as duplicates within the input or of what is stored (fuel logs).
    public var duplicates: Int = 0
}
