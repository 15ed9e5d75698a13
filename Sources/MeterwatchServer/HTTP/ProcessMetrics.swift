import Foundation

/// The standard `process_*` metrics of Prometheus' client libraries, read from `/proc/self` at
/// each scrape (swift-prometheus does not provide them on Linux).
struct ProcessMetrics {
    var cpuSeconds: Double?
    var residentBytes: Double?
    var virtualBytes: Double?
    var startTimeSeconds: Double?
    var openFDs: Double?
    var maxFDs: Double?

    static func read() -> ProcessMetrics {
        var m = ProcessMetrics()
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        // Fields after the command name, which may hold spaces: it ends at the last ')'.
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") {
            let f = stat[stat.index(after: close)...].split(separator: " ").map(String.init)
            // f[0] is field 3 (state): utime 14, stime 15, starttime 22, vsize 23, rss 24.
            if f.count > 21, let utime = Double(f[11]), let stime = Double(f[12]), let start = Double(f[19]) {
                m.cpuSeconds = (utime + stime) / ticks
                m.virtualBytes = Double(f[20])
                m.residentBytes = Double(f[21]).map { $0 * page }
                if let boot = bootTime() { m.startTimeSeconds = boot + start / ticks }
            }
        }
        m.openFDs = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map { Double($0.count) }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { m.maxFDs = Double(limit.rlim_cur) }
        return m
    }

    private static func bootTime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }).flatMap { Double($0.dropFirst(6)) }
    }
}
