import Dispatch
import Foundation

/// Runs `handler` on SIGINT/SIGTERM instead of dying, so commands can stop cleanly.
final class SignalWatcher: Sendable {
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []
    init(signals: [Int32], handler: @escaping @Sendable () -> Void) {
        for s in signals {
            signal(s, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: s, queue: .global())
            src.setEventHandler(handler: handler)
            src.resume()
            sources.append(src)
        }
    }
}
