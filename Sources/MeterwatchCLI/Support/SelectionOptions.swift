import ArgumentParser
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

/// `--meter | --tag | --category | --vehicle`, exactly one.
struct SelectionOptions: ParsableArguments {
    @Option(help: "A meter id.") var meter: String?
    @Option(help: "All meters with this tag.") var tag: String?
    @Option(help: "A category's site total: electricity, water, fuel, ups, storage, temperature.") var category: MeterCategory?
    @Option(help: "One vehicle of the fuel log (plate).") var vehicle: String?

    func selection() throws -> Selection {
        let given = [
            meter.map(Selection.meter), tag.map(Selection.tag), vehicle.map { Selection.vehicle($0.uppercased()) },
            category.map(Selection.category),
        ]
        .compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError("give exactly one of --meter, --tag, --category, --vehicle")
        }
        return given[0]
    }
}
