import MeterwatchCore

/// What a rule saw for one subject at one evaluation.
public struct Observation: Sendable, Hashable {
    /// `trigger`: the alert condition holds. `clear`: it is clearly over (below the clear
    /// threshold: hysteresis). `hold`: in between; keeps whatever state the alert is in.
    /// `unknown`: not enough fresh data to say; changes nothing (staleness has its own rule).
    public enum Level: String, Sendable { case trigger, hold, clear, unknown }

    public var subject: String
    public var meter: String
    public var level: Level
    public var value: Double?
    public var threshold: Double?
    public var unit: String
    /// What the alert says, in both languages (rendered when the alert is stored).
    public var message: Phrase?
    public var details: [String: Double]

    init(
        subject: String, meter: String, level: Level, value: Double? = nil, threshold: Double? = nil, unit: String = "",
        message: Phrase? = nil, details: [String: Double] = [:]
    ) {
        self.subject = subject
        self.meter = meter
        self.level = level
        self.value = value
        self.threshold = threshold
        self.unit = unit
        self.message = message
        self.details = details
    }

    /// Nothing to say (no data, or too little).
    static func unknown(_ meter: String, subject: String? = nil) -> Observation {
        Observation(subject: subject ?? meter, meter: meter, level: .unknown)
    }
}
