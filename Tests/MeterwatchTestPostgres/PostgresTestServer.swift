import Foundation
import MeterwatchCore
import MeterwatchPostgres
import MeterwatchTestSupport
import Synchronization

/// A real PostgreSQL server for the tests, never a mock: `MW_TEST_POSTGRES_URL` when set (a server
/// of the developer's), else a throwaway cluster this test process makes itself: `initdb` into a
/// temporary folder (as the `postgres` user when the tests run as root: the server refuses root),
/// on a free loopback port, stopped when the process exits. Each test gets a database of its own.
public enum PostgresTestServer {
    /// The server's address with database `postgres`, started once per process.
    static let base = Mutex<Result<PostgresAddress, PostgresTestServerError>?>(nil)

    /// A new empty database on the test server.
    public static func freshDatabase() throws -> PostgresAddress {
        var address = try server()
        let name = "mw_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try psql(address, "CREATE DATABASE \(name)")
        address.database = String(name)
        return address
    }

    public static func server() throws -> PostgresAddress {
        try base.withLock { cached in
            if cached == nil {
                cached = Result { try start() }.mapError { $0 as? PostgresTestServerError ?? PostgresTestServerError("\($0)") }
            }
            return try cached!.get()
        }
    }

    static func start() throws -> PostgresAddress {
        if let url = ProcessInfo.processInfo.environment["MW_TEST_POSTGRES_URL"] {
            return try PostgresAddress(url)
        }
        guard let bin = binFolder() else {
            throw PostgresTestServerError(
                "PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install postgresql, or set MW_TEST_POSTGRES_URL")
        }
        let dir = NSTemporaryDirectory() + "mw-pg-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let asUser: [String] = getuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []
        if getuid() == 0 {
            try run(["chown", "postgres", dir])
        }
        let port = freeLoopbackPort()
        try run(asUser + ["\(bin)/initdb", "-D", "\(dir)/data", "-A", "trust", "-U", "meterwatch", "--no-sync", "-E", "UTF8"])
        // TLS on, with a throwaway CA, as a city's database would have it; clients choose their sslmode.
        let ca = try TestCA(in: "\(dir)/tls", name: "postgres-test")
        let cert = try ca.issue("postgres-server", hosts: ["localhost"], ips: ["127.0.0.1"])
        try FileManager.default.copyItem(atPath: cert.certificate, toPath: "\(dir)/data/server.crt")
        try FileManager.default.copyItem(atPath: cert.key, toPath: "\(dir)/data/server.key")
        if getuid() == 0 { try run(["chown", "postgres", "\(dir)/data/server.crt", "\(dir)/data/server.key"]) }
        try run(["chmod", "600", "\(dir)/data/server.key"])
        tlsCA.withLock { $0 = ca.certificate }
        try run(
            asUser + [
                "\(bin)/pg_ctl", "-D", "\(dir)/data", "-l", "\(dir)/server.log", "-w", "-o",
                "-p \(port) -k \(dir) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200 "
                    + "-c ssl=on",
                "start",
            ])
        stopCommand.withLock { $0 = asUser + ["\(bin)/pg_ctl", "-D", "\(dir)/data", "-m", "immediate", "stop"] }
        folder.withLock { $0 = dir }
        // Stopped and removed when the process exits (a process killed leaves them behind).
        atexit {
            let command = PostgresTestServer.stopCommand.withLock { $0 }
            if !command.isEmpty {
                _ = try? PostgresTestServer.run(command)
                try? FileManager.default.removeItem(atPath: PostgresTestServer.folder.withLock { $0 })
            }
        }
        return try PostgresAddress("postgres://meterwatch@127.0.0.1:\(port)/postgres")
    }

    static let stopCommand = Mutex<[String]>([])
    static let tlsCA = Mutex<String?>(nil)

    /// The CA of the throwaway cluster's certificate (it runs with `ssl=on`); a server given by
    /// MW_TEST_POSTGRES_URL is not ours, and has none we know.
    public static func certificateAuthority() throws -> String {
        _ = try server()
        guard let ca = tlsCA.withLock({ $0 }) else {
            throw PostgresTestServerError("the TLS tests need the throwaway cluster (its CA): unset MW_TEST_POSTGRES_URL")
        }
        return ca
    }
    static let folder = Mutex<String>("")

    static func binFolder() -> String? {
        let candidates =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted().reversed().map {
                "/usr/lib/postgresql/\($0)/bin"
            } + ["/usr/local/bin", "/usr/bin"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    public static func psql(_ address: PostgresAddress, _ sql: String) throws {
        try run([
            "psql", "-h", address.host, "-p", "\(address.port)", "-U", address.user, "-d", address.database, "-v", "ON_ERROR_STOP=1", "-qc",
            sql,
        ])
    }

    /// Runs a program to its end with `posix_spawnp` and `waitpid`: Foundation's `Process` waits
    /// for exit on a run loop, which a test on the cooperative pool may never turn. Output goes to a
    /// file, so the server `pg_ctl` leaves running holds no pipe of ours.
    static func run(_ arguments: [String]) throws {
        let log = NSTemporaryDirectory() + "mw-pg-run-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else { throw PostgresTestServerError("cannot start \(arguments[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw PostgresTestServerError("\(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
    }

}
