import Foundation
import PackagePlugin

/// Builds the shipped files into the binary: `Dashboards/` (page definitions, templates, assets)
/// into MeterwatchServer and `Devices/` (device profiles) into MeterwatchDevices, as generated Swift
/// sources, and `Tariffs/` into MeterwatchTariffs. An installed `meterwatch` then needs no source tree; folders given in the configuration
/// or `MW_DEVICES` still override the built-in files, file by file.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folders: [String]
        switch target.name {
        case "MeterwatchServer": folders = ["Dashboards", "API"]
        case "MeterwatchDevices": folders = ["Devices"]
        case "MeterwatchTariffs": folders = ["Tariffs"]
        case "MeterwatchCore": return [try commitCommand(context: context)]
        default: return []
        }
        return try folders.map { folder in try command(embedding: folder, context: context) }
    }

    /// One generated source, `Embedded<Folder>.swift`, holding every file of the folder.
    private func command(embedding folder: String, context: PluginContext) throws -> Command {
        let root = context.package.directoryURL.appending(path: folder)
        var files: [URL] = []
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                files.append(url)
            }
        }
        files.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "Embedded\(folder).swift")
        return .buildCommand(
            displayName: "Embedding \(folder)/ (\(files.count) files)", executable: try context.tool(named: "EmbedResourcesTool").url,
            arguments: [output.path, "Embedded\(folder)", root.path] + files.map(\.path), inputFiles: files, outputFiles: [output])
    }

    /// `BuildCommit.swift`: the git commit the sources were built from (`meterwatch --version`,
    /// `meterwatch_build_info`), read from `.git` without running git; rebuilt when HEAD moves.
    private func commitCommand(context: PluginContext) throws -> Command {
        var gitDir = context.package.directoryURL.appending(path: ".git")
        // A worktree's .git is a file naming the real folder.
        if let text = try? String(contentsOf: gitDir, encoding: .utf8), text.hasPrefix("gitdir: ") {
            gitDir = URL(fileURLWithPath: text.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var inputs: [URL] = []
        let head = gitDir.appending(path: "HEAD")
        if FileManager.default.fileExists(atPath: head.path) {
            inputs.append(head)
            if let text = try? String(contentsOf: head, encoding: .utf8), text.hasPrefix("ref: ") {
                let ref = gitDir.appending(path: text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines))
                if FileManager.default.fileExists(atPath: ref.path) { inputs.append(ref) }
            }
            let packed = gitDir.appending(path: "packed-refs")
            if FileManager.default.fileExists(atPath: packed.path) { inputs.append(packed) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildCommit.swift")
        return .buildCommand(
            displayName: "Recording the git commit", executable: try context.tool(named: "EmbedResourcesTool").url,
            arguments: ["--commit", output.path, gitDir.path], inputFiles: inputs, outputFiles: [output])
    }
}
