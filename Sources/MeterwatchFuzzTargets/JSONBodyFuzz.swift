import Foundation
import MeterwatchServer

/// The API's JSON request bodies, decoded and checked as the handlers do.
enum JSONBodyFuzz {
    static func run(_ data: Data) -> FuzzTarget.Outcome {
        var accepted = false
        if (try? JSON.decode(ActualBody.self, from: data, allowed: ActualBody.keys).validated()) != nil { accepted = true }
        if (try? JSON.decode(AckBody.self, from: data, allowed: AckBody.keys).validated()) != nil { accepted = true }
        return accepted ? .accepted : .rejected
    }
}
