import ArgumentParser
import MeterwatchCore
import MeterwatchEngine

struct FuelSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary", abstract: "Litres, spend, distance and km per litre per vehicle over a period.")
    @OptionGroup var site: SiteOptions
    @Option(help: "The period.") var period: String
    @Option(help: "Output format.") var format: TableOrJSON = .table

    func run() throws {
        let site = try self.site.open()
        let parsed: Period
        do { parsed = try Period.parse(period) } catch { throw CLIError.badOption("--period", error.description) }
        let summary = VehicleFuelSummary.summarize(try site.readings().refuels(from: parsed.start, to: parsed.end, vehicle: nil))
        if format == .json {
            print(try JSONOutput.text(summary))
            return
        }
        func n(_ v: Double?, _ decimals: Int) -> String { v.map { DisplayFormat.number($0, decimals: decimals) } ?? "" }
        let rows = summary.map { s in
            [
                s.vehicle, "\(s.refuels)", n(s.litres, 2), n(s.petrolLitres, 2), n(s.dieselLitres, 2), n(s.amount, 0), n(s.distanceKm, 0),
                n(s.kmPerLitre, 2),
            ]
        }
        print(
            TextTable(
                ["vehicle", "refuels", "litres", "petrol", "diesel", "NT$", "km", "km/L"], rows, rightAligned: [1, 2, 3, 4, 5, 6, 7]
            ).text)
    }
}
