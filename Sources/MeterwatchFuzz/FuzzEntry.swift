import Foundation
import MeterwatchFuzzTargets

// `make fuzz` builds this with `-sanitize=fuzzer -DMW_LIBFUZZER` and runs one target at a time
// (MW_FUZZ_TARGET); a plain build replays files: `meterwatch-fuzz TARGET FILE…`.
#if MW_LIBFUZZER
    let fuzzTarget = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["MW_FUZZ_TARGET"] ?? "") ?? .csv

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let data else { return 0 }
        _ = fuzzTarget.run(Data(bytes: data, count: size))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's `main` to `<module>_main`: hand it to libFuzzer's driver.
    @_cdecl("MeterwatchFuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
    }
#else
    @main
    struct FuzzReplay {
        static func main() {
            let args = CommandLine.arguments.dropFirst()
            guard let name = args.first, let target = FuzzTarget(rawValue: name) else {
                print("usage: meterwatch-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE…")
                exit(2)
            }
            for path in args.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                print("\(path): \(target.run(data))")
            }
        }
    }
#endif
