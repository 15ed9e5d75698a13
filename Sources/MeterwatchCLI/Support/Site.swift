import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore

/// A site's configuration with its open store: what most commands work on.
struct Site {
    let config: SiteConfig
    let store: MeterStore

    var calendar: LocalCalendar { store.calendar }
    var limits: PlausibilityLimits { config.plausibility.limits(store.calendar) }

    func engine(now: Int64 = SystemClock().nowMs()) -> ComparisonEngine {
        ComparisonEngine(config: config, store: store, now: now)
    }
}
