import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read every point of a device once and print the decoded values.",
        discussion: "Only Modbus function codes 1–4 are sent. A missing value is shown with its reason.")

    @Option(name: .long, help: "Device profile: a file (Devices/eastron-sdm630.yaml) or a profile id.")
    var profile: String
    @OptionGroup var link: LinkOptions
    @Option(name: .long, help: "Unit id (default: the profile's unit_id_default).")
    var unit: Int?
    @Option(name: .long, help: "Response timeout in milliseconds (default: the profile's).")
    var timeout: Int?
    @Option(name: .long, help: "Output format.")
    var format: TableOrJSON = .table

    struct Output: Encodable {
        struct Point: Encodable {
            var id: String
            var quantity: String?
            var value: Double?
            var text: String?
            var unit: String
            var reason: String?
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(quantity, forKey: .quantity)
                try c.encode(value, forKey: .value)
                try c.encodeIfPresent(text, forKey: .text)
                try c.encode(unit, forKey: .unit)
                try c.encodeIfPresent(reason, forKey: .reason)
            }
            enum CodingKeys: String, CodingKey { case id, quantity, value, text, unit, reason }
        }
        var profile: String
        var unit: Int
        var requests: Int
        var points: [Point]
    }

    func run() throws {
        let profile = try ProfileLocator.load(self.profile)
        let endpoint = try link.endpoint()
        let unit = self.unit ?? profile.defaultUnit
        guard SiteConfig.isReadableUnit(unit, on: endpoint) else {
            throw ValidationError("--unit must be 1…247\(endpoint.isSerial ? "" : ", or 255") (0 is broadcast; 248–254 are reserved)")
        }
        let client = try ModbusClient(endpoint: endpoint)
        client.setTimeout(ms: timeout ?? profile.responseTimeoutMs)
        let session = DeviceSession(profile: profile, unit: unit)
        let poll = session.poll(client)
        client.close()
        if let failure = poll.failure {
            throw CLIError.deviceDidNotAnswer("\(profile.id) unit \(unit) at \(endpoint): \(failure)")
        }
        let out = Output(
            profile: profile.id, unit: unit, requests: poll.requests,
            points: poll.readings.map {
                Output.Point(id: $0.id, quantity: $0.quantity?.name, value: $0.value, text: $0.text, unit: $0.unit, reason: $0.reason)
            })
        switch format {
        case .json: print(try JSONOutput.text(out))
        case .table:
            let rows = out.points.map { p -> [String] in
                let value = p.value.map { DisplayFormat.number($0, decimals: abs($0) >= 1000 ? 1 : 3) } ?? ""
                return [p.id, p.quantity ?? "", p.text.map { value.isEmpty ? $0 : "\(value) (\($0))" } ?? value, p.unit, p.reason ?? ""]
            }
            print("\(profile.id) (\(profile.vendor) \(profile.model)) unit \(unit) at \(endpoint): \(poll.requests) requests")
            print(TextTable(["point", "quantity", "value", "unit", "missing because"], rows, rightAligned: [2]).text)
            for note in poll.learned {
                StandardError.line("note: \(note)")
            }
        }
    }
}
