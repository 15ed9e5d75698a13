import Synchronization

/// A value shared by the bench's threads, behind the same `Mutex` the rest of the code base uses
/// (a class, so that an escaping thread closure can hold it).
final class LockedValue<T: Sendable>: Sendable {
    private let value: Mutex<T>
    init(_ v: T) { value = Mutex(v) }
    func load() -> T { value.withLock { $0 } }
    func store(_ v: T) { value.withLock { $0 = v } }
}

extension LockedValue where T == Int {
    func add(_ n: Int) { value.withLock { $0 += n } }
}
