import MeterwatchConfig
import MeterwatchCore

/// The sign-in page: the city's account (a link to the provider), a local account's form, or a
/// token's, as `auth.mode` says; in the reader's language.
struct SignInView: Sendable {
    let lang: String
    let site: String
    let title: String
    let message: String?
    let provider: Provider?
    let account: AccountForm?
    let token: TokenForm?
    let otherHref: String
    let otherName: String

    struct Provider: Sendable {
        let href: String
        let label: String
    }

    struct AccountForm: Sendable {
        let action: String
        let csrf: String
        let accountLabel: String
        let passwordLabel: String
        let button: String
    }

    struct TokenForm: Sendable {
        let action: String
        let csrf: String
        let label: String
        let tokenLabel: String
        let button: String
    }

    init(state: ServerState, lang: Language, next: String, csrf: String, message: Phrase?) {
        self.lang = lang.rawValue
        site = state.config.site.name.text(lang) ?? "Meterwatch"
        title = Phrase.signIn.text(lang)
        self.message = message?.text(lang)
        let query = "next=\(HTML.urlEncode(next))&lang=\(lang.rawValue)"
        var provider: Provider?
        var account: AccountForm?
        var token: TokenForm?
        switch state.config.auth.mode {
        case .oidc:
            provider = Provider(href: "/auth/start?\(query)", label: Phrase.signInWithCityAccount.text(lang))
        case .local:
            account = AccountForm(
                action: "/auth/login?\(query)", csrf: csrf, accountLabel: Phrase.userName.text(lang),
                passwordLabel: Phrase.password.text(lang),
                button: Phrase.signIn.text(lang))
        case .open, .token:
            token = TokenForm(
                action: "/auth/login?\(query)", csrf: csrf, label: Phrase.signInWithToken.text(lang),
                tokenLabel: Phrase.accessToken.text(lang), button: Phrase.signIn.text(lang))
        }
        self.provider = provider
        self.account = account
        self.token = token
        let other: Language = lang == .en ? .zhTW : .en
        otherHref = "/auth/login?next=\(HTML.urlEncode(next))&lang=\(other.rawValue)"
        otherName = other.nativeName
    }
}
