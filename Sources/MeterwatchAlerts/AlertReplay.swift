import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Replays the rules over stored history at a fixed step, in memory: what would have fired, when,
/// and for how long (`meterwatch alerts evaluate`). Reads one day of data at a time.
public enum AlertReplay {
    public static func run(
        engine: AlertEngine, store: any ReadingStore, central: (any ReadingStore)? = nil, from: Int64, to: Int64, stepMs: Int64,
        book: MemoryAlertBook = MemoryAlertBook()
    ) throws -> MemoryAlertBook {
        precondition(stepMs > 0)
        let data = try AlertData(store: store, central: central)
        let needs = engine.needs
        var chunk = from
        while chunk < to {
            let chunkEnd = min(to, chunk + msPerDay)
            try data.preload(needs, from: chunk, to: chunkEnd)
            var t = chunk
            while t < chunkEnd {
                try engine.evaluate(at: t, data: data, book: book)
                t += stepMs
            }
            chunk = t
        }
        return book
    }
}
