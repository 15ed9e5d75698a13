import Foundation

/// A new password from standard input (typed twice at a terminal, without echo; one line from a
/// pipe), at least 12 characters. Never an argument: it would show in `ps` and the shell's history.
enum PasswordInput {
    static let minimumLength = 12

    static func read() throws -> String {
        let interactive = isatty(STDIN_FILENO) == 1
        func line(_ prompt: String) -> String? {
            guard interactive else { return Swift.readLine(strippingNewline: true) }
            var old = termios()
            tcgetattr(STDIN_FILENO, &old)
            var quiet = old
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
            FileHandle.standardError.write(Data(prompt.utf8))
            defer {
                tcsetattr(STDIN_FILENO, TCSANOW, &old)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            return Swift.readLine(strippingNewline: true)
        }
        guard let first = line("password: "), first.count >= minimumLength, first.count <= 1_000 else {
            throw CLIError.badOption("password", "give a password of \(minimumLength) to 1000 characters on standard input")
        }
        if interactive {
            guard line("again: ") == first else { throw CLIError.badOption("password", "the two entries differ") }
        }
        return first
    }
}
