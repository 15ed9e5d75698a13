/// Who answers questions about a published dataset, as a portal's dataset page lists it.
public struct OpenDataContact: Sendable, Hashable {
    public var name: String
    public var email: String
    public var phone: String?

    public init(name: String, email: String, phone: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }

    static func parse(_ r: YAMLReader) throws(ConfigError) -> OpenDataContact {
        let m = try r.mapping(allowed: ["name", "email", "phone"])
        guard let n = m["name"] else { throw r.error("missing name") }
        guard let e = m["email"] else { throw r.error("missing email") }
        let email = try e.nonEmptyString()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(where: \.isWhitespace) else {
            throw e.error("not an email address: '\(email)'")
        }
        var contact = OpenDataContact(name: try n.nonEmptyString(), email: email)
        if let p = m["phone"] { contact.phone = try p.nonEmptyString() }
        return contact
    }
}
