import MeterwatchCore
import MeterwatchEngine

/// What an error says to a reader of a page, in their language, when it is one the product knows.
enum ErrorText {
    static func phrase(_ error: any Error) -> Phrase? {
        switch error {
        case let e as EngineError: e.phrase
        case let e as Period.ParseError: .badPeriod(e.text)
        default: nil
        }
    }
}
