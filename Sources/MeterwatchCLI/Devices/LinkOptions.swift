import ArgumentParser
import MeterwatchConfig

/// Link options shared by `read` and `simulate`.
struct LinkOptions: ParsableArguments {
    @Option(name: .long, help: "Modbus TCP endpoint HOST:PORT.")
    var tcp: String?
    @Option(name: .long, help: "Modbus RTU serial device (e.g. /dev/ttyUSB0 or a pseudo-terminal).")
    var rtu: String?
    @Option(name: .long, help: "RTU baud rate.")
    var baud: Int = 9600
    @Option(name: .long, help: "RTU parity: N, E or O.")
    var parity: String = "N"
    @Option(name: .customLong("stop-bits"), help: "RTU stop bits: 1 or 2.")
    var stopBits: Int = 1

    func endpoint() throws -> LinkEndpoint {
        switch (tcp, rtu) {
        case (let t?, nil):
            guard let e = LinkEndpoint.parseTCP(t) else { throw ValidationError("--tcp expects HOST:PORT, got '\(t)'") }
            return e
        case (nil, let d?):
            guard LinkEndpoint.baudRates.contains(baud) else { throw ValidationError("--baud \(baud) is not a standard rate") }
            guard ["N", "E", "O"].contains(parity.uppercased()), let p = parity.uppercased().first else {
                throw ValidationError("--parity expects N, E or O")
            }
            guard stopBits == 1 || stopBits == 2 else { throw ValidationError("--stop-bits expects 1 or 2") }
            return .rtu(device: d, baud: baud, parity: p, dataBits: 8, stopBits: stopBits)
        default:
            throw ValidationError("give exactly one of --tcp HOST:PORT or --rtu DEVICE")
        }
    }
}
