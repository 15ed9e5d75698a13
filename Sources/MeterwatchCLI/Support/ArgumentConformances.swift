import ArgumentParser
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchImport
import MeterwatchStore

// Enumerations the options take as they are: ArgumentParser lists their values in the help and
// rejects any other with a usage error.

extension Language: ExpressibleByArgument {}

extension AlertState: ExpressibleByArgument {}

extension MeterCategory: ExpressibleByArgument {}

extension TemperatureImporter.Scale: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

extension TemperatureUnit: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

extension SavingsEngine.Method: ExpressibleByArgument {}
