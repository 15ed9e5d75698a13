import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// A tiny lock-based atomic for the bench's writer thread.
final class Atomic<T: Sendable>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ v: T) { value = v }
    func load() -> T {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
    func store(_ v: T) {
        lock.lock()
        value = v
        lock.unlock()
    }
}

extension Atomic where T == Int {
    func add(_ n: Int) {
        lock.lock()
        value += n
        lock.unlock()
    }
}
