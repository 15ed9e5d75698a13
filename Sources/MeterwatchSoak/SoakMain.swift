import Foundation

/// `meterwatch-soak --duration 30m [--binary PATH] [--report FILE] [--workdir DIR] [--readers N] [--plain]`
@main
struct SoakMain {
    static func main() {
        var options = SoakRun.Options()
        var args = CommandLine.arguments.dropFirst()
        func value() -> String {
            guard let v = args.popFirst() else { usage() }
            return v
        }
        while let a = args.popFirst() {
            switch a {
            case "--duration":
                guard let seconds = duration(value()) else { usage() }
                options.durationSeconds = seconds
            case "--binary": options.binary = value()
            case "--report": options.report = value()
            case "--workdir": options.workdir = value()
            case "--plain": options.plain = true
            case "--readers":
                guard let n = Int(value()), n >= 0 else { usage() }
                options.readers = n
            default: usage()
            }
        }
        do {
            let ok = try SoakRun(options: options).run()
            exit(ok ? 0 : 1)
        } catch {
            FileHandle.standardError.write(Data("meterwatch-soak: \(error)\n".utf8))
            exit(2)
        }
    }

    /// `90s`, `30m`, `2h`, or seconds.
    static func duration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where text.hasSuffix(suffix) { return Double(text.dropLast()).map { $0 * factor } }
        return Double(text)
    }

    static func usage() -> Never {
        print(
            "usage: meterwatch-soak --duration 30m [--binary .build/debug/meterwatch] [--report FILE] [--workdir DIR] [--readers 32]"
                + " [--plain]"
        )
        exit(2)
    }
}
