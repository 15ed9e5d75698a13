/// How much work one request may ask of the server (`server.limits`). Past a limit the answer is a
/// 400 or 413 that names it; past the concurrency cap a 503 with `Retry-After`.
///
/// ```yaml
/// server:
///   limits: { span: 40y, points: 200000, answer: 32MB, deadline: 20s, renders: 4, body_timeout: 30s }
/// ```
public struct RequestLimits: Sendable, Hashable {
    /// The longest period or time range a request may name.
    public var maxSpanDays = 40 * 366
    /// Readings or buckets one answer may hold.
    public var maxPoints = 200_000
    /// Bytes one answer may hold.
    public var maxAnswerBytes = 32 << 20
    /// A heavy answer (comparison, report, savings, portfolio, a page) is abandoned after this.
    public var deadlineMs: Int64 = 20_000
    /// Heavy answers computed at once; more get 503.
    public var concurrentRenders = 4
    /// A request body must arrive within this.
    public var bodyTimeoutMs: Int64 = 30_000

    public init() {}

    static func parse(_ r: YAMLReader) throws(ConfigError) -> RequestLimits {
        var out = RequestLimits()
        let m = try r.mapping(allowed: ["span", "points", "answer", "deadline", "renders", "body_timeout"])
        if let s = m["span"] {
            let text = try s.nonEmptyString()
            if text.hasSuffix("y"), let years = Int(text.dropLast()) {
                out.maxSpanDays = years * 366
            } else {
                out.maxSpanDays = Int(try s.durationMs() / 86_400_000)
            }
            guard (31...(200 * 366)).contains(out.maxSpanDays) else { throw s.error("must be 31d…200y") }
        }
        if let p = m["points"] {
            out.maxPoints = try p.int()
            guard (1_000...50_000_000).contains(out.maxPoints) else { throw p.error("must be 1,000…50,000,000") }
        }
        if let a = m["answer"] {
            let text = try a.nonEmptyString().uppercased()
            guard text.hasSuffix("MB"), let mb = Int(text.dropLast(2)), (1...4096).contains(mb) else {
                throw a.error("expected a size such as 32MB")
            }
            out.maxAnswerBytes = mb << 20
        }
        if let d = m["deadline"] {
            out.deadlineMs = try d.durationMs()
            guard (1_000...600_000).contains(out.deadlineMs) else { throw d.error("must be 1s…10m") }
        }
        if let c = m["renders"] {
            out.concurrentRenders = try c.int()
            guard (1...256).contains(out.concurrentRenders) else { throw c.error("must be 1…256") }
        }
        if let b = m["body_timeout"] {
            out.bodyTimeoutMs = try b.durationMs()
            guard (1_000...600_000).contains(out.bodyTimeoutMs) else { throw b.error("must be 1s…10m") }
        }
        return out
    }
}
