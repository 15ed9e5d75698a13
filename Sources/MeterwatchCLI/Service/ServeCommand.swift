import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Collect, evaluate alerts and serve the HTTP API and dashboards in one process.",
        discussion: """
            Default address 127.0.0.1:8080 (server.bind in the configuration). Who may read and write is auth: (open on
            loopback only; token, oidc or local elsewhere, with server.tls); programs use bearer tokens with scopes
            (server.tokens as SHA-256 digests, or MW_API_TOKENS=name:scope+scope:mw_… in the environment). SIGHUP reads the
            certificate and the tokens again; SIGINT/SIGTERM stop it gracefully. docs/how-to/sign-in-and-https.md has the rest.
            """)

    @OptionGroup var site: SiteOptions
    @Option(help: "Address to listen on (default: server.bind or 127.0.0.1).") var host: String?
    @Option(help: "Port (default: server.bind or 8080; 0 picks a free one).") var port: Int?
    @Flag(name: .customLong("no-collect"), help: "Serve the store only: no Modbus collection, no alert evaluation.") var noCollect = false
    @Flag(help: "Allow auth.mode token beyond loopback with no token configured yet (nothing can be read or written until one is).")
    var insecure = false

    func run() async throws {
        let site = try self.site.open()
        let served = try ServedServices(
            config: site.config, store: site.store, host: host, port: port, collect: !noCollect, insecure: insecure)
        try await served.group.run()
        served.printStopped()
    }
}
