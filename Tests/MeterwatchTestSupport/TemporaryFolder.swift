import Foundation

/// A fresh folder under the system's temporary directory, removed with everything in it when the
/// value is released: the one recipe tests use for stores, configurations and harnesses.
///
/// ```swift
/// let folder = try TemporaryFolder("mw-engine")
/// let store = try MeterStore(path: folder.file("store.sqlite"), calendar: calendar)
/// ```
public final class TemporaryFolder: Sendable {
    public let path: String

    public init(_ prefix: String) throws {
        path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}
