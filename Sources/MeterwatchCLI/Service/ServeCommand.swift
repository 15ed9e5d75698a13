import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Collect, evaluate alerts and serve the HTTP API and dashboards in one process.",
        discussion: """
            Default address 127.0.0.1:8080 (server.bind in the configuration). Writes through the API need a bearer token
            (server.tokens as SHA-256 digests, or MW_API_TOKENS=name:token in the environment). Serving on a non-loopback
            address without any token refuses to start unless --insecure. SIGINT/SIGTERM stop it gracefully.
            """)

    @OptionGroup var site: SiteOptions
    @Option(help: "Address to listen on (default: server.bind or 127.0.0.1).") var host: String?
    @Option(help: "Port (default: server.bind or 8080; 0 picks a free one).") var port: Int?
    @Flag(name: .customLong("no-collect"), help: "Serve the store only: no Modbus collection, no alert evaluation.") var noCollect = false
    @Flag(help: "Allow a non-loopback address without any write token (writes are then impossible, reads open).") var insecure = false

    func run() async throws {
        let site = try self.site.open()
        let served = try ServedServices(
            config: site.config, store: site.store, host: host, port: port, collect: !noCollect, insecure: insecure)
        try await served.group.run()
        served.printStopped()
    }
}
