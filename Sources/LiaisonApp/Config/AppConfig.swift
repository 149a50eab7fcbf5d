import Foundation
import LiaisonCore
import LiaisonData
import Logging

/// Everything the server is told from outside, read once at boot from `LIAISON_*` variables and checked at once.
public struct AppConfig: Sendable {
    public enum DatabaseTarget: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var database: DatabaseTarget
    public var baseURL: String?
    public var logLevel: Logger.Level
    /// `text` (lines for a terminal or journald) or `json` (one object per line, for a log collector).
    public var logFormat: LogFormat = .text
    public var secureCookies: Bool
    /// Idle lifetime of a browser session; each request (at most once a minute) extends it.
    public var sessionIdleHours: Double
    public var bcryptCost: Int
    public var jobsEnabled: Bool
    public var jobPollSeconds: Double
    /// SQLite: keep answers to repeated reads while the database is unchanged.
    public var answerCache: Bool = true
    /// SQLite: threads that run costly reads (searches, broad lists, exports) away from the event loops; 0 runs
    /// them on the loops (the behaviour before there were reader threads).
    public var sqliteReadThreads = AppConfig.defaultSQLiteReadThreads
    /// SQLite: where the log is synced to the disk after a commit (see `SQLiteLogSyncer`).
    public var sqliteLogSync = SQLiteWriterThread.LogSync.apart
    public var adminEmail: String
    public var metricsToken: String?
    public var defaultLocale: String
    public var defaultTimeZone: String
    public var maxUploadMegabytes: Int
    public var blobStore: BlobStoreChoice
    /// PostgreSQL connections per event loop (each CPU core runs one loop).
    public var databasePoolSize: Int
    /// How long a request waits for a free PostgreSQL connection before it fails.
    public var databasePoolWaitSeconds: Int
    /// Percentage of an SLA target after which the assignee is warned.
    public var slaWarnPercent: Int
    /// Days a satisfaction link stays valid.
    public var surveyDays: Int
    /// Reverse proxies whose `X-Forwarded-For` names the client (for the audit trail and the sign-in throttle).
    public var trustedProxies = TrustedProxies.none
    /// Failed sign-ins one client address may make before it is refused for a while (`failures` 0: no limit).
    public var signInAddressLimits = SignInAddressLimits(failures: 20, window: 600, block: 900)
    /// Write each new audit anchor to the log too (`audit.anchor seq=… hash=…`, at notice level).
    public var auditAnchorLog = false
    /// Where each new audit anchor is POSTed as JSON (at most once a second, the newest).
    public var auditAnchorWebhook: URL?
    /// The key stored secrets (mail server passwords) are sealed with, when given here instead of the data
    /// folder's `secret.key`: several servers sharing one database share it.
    public var secretKey: Data? = nil
    /// The largest message taken in by mail (larger ones wait in quarantine, unread).
    public var mailMaxMegabytes = 80
    /// Messages one sender may send in an hour before the rest wait in quarantine.
    public var mailSenderLimit = 60
    /// Seconds between two looks at each mailbox's IMAP folder.
    public var mailPollSeconds = 60
    /// Days after resolution during which a contact may reopen a request in the portal.
    public var portalReopenDays = PortalRules.defaultReopenDays
    /// Public feedback submissions one client address may send per window (0: no limit), and the window.
    public var feedbackPerAddress = 10
    public var feedbackWindowMinutes = 60
    /// Business days (on the department's calendar) a requirement may wait for R&D's assessment before the
    /// department's lead is told.
    public var assessmentDays = 5
    /// Hours before a communication-plan occurrence is due that its owner is reminded.
    public var communicationReminderHours = 24
    /// Seconds a visitor must have had the feedback form before sending it (faster is a robot).
    public var feedbackMinSeconds = 3
    /// PostgreSQL schemas to use instead of `public` (tests isolate themselves this way; not read from the environment).
    public var databaseSearchPath: [String]?

    /// Half the cores, at least one: costly reads never take every core from the event loops.
    public static var defaultSQLiteReadThreads: Int { SQLiteReaderThreads.defaultCount }

    public enum BlobStoreChoice: String, Sendable {
        case automatic = "auto"
        case file
        case database
    }

    /// The settings and their defaults, in the order `.env.example` documents them.
    public static let settings: [(name: String, defaultValue: String, help: String)] = [
        ("LIAISON_HOST", "127.0.0.1", "Address to listen on; 0.0.0.0 listens on every interface."),
        ("LIAISON_PORT", "8080", "TCP port to listen on (1-65535)."),
        ("LIAISON_DATA_DIR", "./data", "Folder for the SQLite database, generated keys and attachments."),
        ("LIAISON_DATABASE_URL", "", "postgres://user:pass@host:5432/db to use PostgreSQL; empty for SQLite."),
        ("LIAISON_BASE_URL", "", "Public address of the server (https://liaison.example.com), used in links."),
        ("LIAISON_LOG_LEVEL", "info", "trace, debug, info, notice, warning, error or critical."),
        ("LIAISON_LOG_FORMAT", "text", "text or json: json writes one JSON object per line (time, level, message, fields)."),
        ("LIAISON_SECURE_COOKIES", "auto", "true, false, or auto (true when LIAISON_BASE_URL is https)."),
        ("LIAISON_SESSION_IDLE_HOURS", "12", "Hours a browser session survives without use."),
        ("LIAISON_BCRYPT_COST", "12", "Bcrypt work factor for passwords (10-16)."),
        ("LIAISON_JOBS", "on", "on or off: run background jobs in this process."),
        ("LIAISON_ANSWER_CACHE", "on", "on or off: SQLite, answer repeated reads from memory while nothing changed."),
        ("LIAISON_SQLITE_READ_THREADS", "auto", "SQLite: threads for costly reads off the event loops (0-64; auto: one per core)."),
        ("LIAISON_SQLITE_LOG_SYNC", "apart", "SQLite: apart syncs the log on a thread of its own while the next writes run; inline syncs it within each commit (see the admin guide)."),
        ("LIAISON_JOB_POLL_SECONDS", "1", "How often the job runner looks for due work (0.1-60)."),
        ("LIAISON_ADMIN_EMAIL", "admin@liaison.local", "Email of the first administrator created at boot."),
        ("LIAISON_METRICS_TOKEN", "", "When set, /metrics requires 'Authorization: Bearer <token>'."),
        ("LIAISON_DEFAULT_LOCALE", "zh-Hans", "Interface language when a visitor states none: zh-Hans or en."),
        ("LIAISON_DEFAULT_TIME_ZONE", "Asia/Shanghai", "Time zone for new people and calendars."),
        ("LIAISON_MAX_UPLOAD_MB", "25", "Largest attachment accepted, in megabytes (1-1024)."),
        ("LIAISON_BLOB_STORE", "auto", "Where attachments are kept: file (data folder), database, or auto."),
        ("LIAISON_DATABASE_POOL_SIZE", "4", "PostgreSQL connections per CPU core (1-64)."),
        ("LIAISON_DATABASE_POOL_WAIT_SECONDS", "10", "How long a request waits for a free PostgreSQL connection (1-600)."),
        ("LIAISON_SLA_WARN_PERCENT", "75", "Warn the assignee when this share of an SLA target is used (1-99)."),
        ("LIAISON_SURVEY_DAYS", "14", "Days a satisfaction (CSAT) link stays valid (1-90)."),
        ("LIAISON_PORTAL_REOPEN_DAYS", "14", "Days after resolution a contact may reopen a request in the portal (0-365)."),
        ("LIAISON_TRUSTED_PROXIES", "", "Addresses or ranges of reverse proxies whose X-Forwarded-For is believed."),
        ("LIAISON_SIGNIN_ADDRESS_FAILURES", "20", "Failed sign-ins from one client address that block it (0-1000; 0 is no limit)."),
        ("LIAISON_SIGNIN_ADDRESS_WINDOW_MINUTES", "10", "Minutes over which an address's failed sign-ins are counted (1-1440)."),
        ("LIAISON_SIGNIN_ADDRESS_BLOCK_MINUTES", "15", "Minutes a blocked address is refused (1-1440)."),
        ("LIAISON_AUDIT_ANCHOR_LOG", "off", "on or off: log each new audit anchor (audit.anchor seq=… hash=…, notice level)."),
        ("LIAISON_AUDIT_ANCHOR_WEBHOOK", "", "http(s) address to POST each new audit anchor to as JSON; empty for none."),
        ("LIAISON_MAIL_MAX_MB", "80", "Largest message taken in by mail, in MB (1-1024); a larger one waits in quarantine unread."),
        ("LIAISON_MAIL_SENDER_LIMIT", "60", "Messages one sender may send in an hour before the rest wait in quarantine (1-100000)."),
        ("LIAISON_MAIL_POLL_SECONDS", "60", "Seconds between two looks at each mailbox's IMAP folder (5-3600)."),
        ("LIAISON_FEEDBACK_PER_ADDRESS", "10", "Public feedback messages one client address may send per window (0-100000; 0 is no limit)."),
        ("LIAISON_FEEDBACK_WINDOW_MINUTES", "60", "Minutes over which an address's feedback messages are counted (1-1440)."),
        ("LIAISON_FEEDBACK_MIN_SECONDS", "3", "Seconds a visitor must have had the feedback form before sending it (0-600)."),
        ("LIAISON_ASSESSMENT_DAYS", "5", "Business days a requirement handed to R&D may wait for its assessment before the department's lead is told (1-60)."),
        ("LIAISON_COMMUNICATION_REMINDER_HOURS", "24", "Hours before a report, meeting or review of a project's communication plan is due that its owner is reminded (0-336)."),
        ("LIAISON_SECRET_KEY", "", "Base64 of 32 bytes (openssl rand -base64 32): the key mail server passwords are stored encrypted with, the same on every server of one database; empty: DATA_DIR/secret.key, made on first use."),
    ]

    /// Reads and validates the configuration; every bad setting is reported, by name, in one error.
    public static func load(from environment: [String: String]) throws(ConfigError) -> AppConfig {
        var reader = Reader(environment: environment)
        let host = reader.text("LIAISON_HOST")
        let port = reader.integer("LIAISON_PORT", in: 1...65535)
        let dataDirectory = reader.text("LIAISON_DATA_DIR")
        let databaseURL = reader.text("LIAISON_DATABASE_URL")
        var database = DatabaseTarget.sqliteFile(path: dataDirectory + "/liaison.sqlite")
        if databaseURL == ":memory:" {
            database = .sqliteMemory
        } else if !databaseURL.isEmpty {
            if let url = URL(string: databaseURL), ["postgres", "postgresql"].contains(url.scheme ?? ""),
                url.host != nil
            {
                database = .postgres(url: databaseURL)
            } else {
                reader.fail("LIAISON_DATABASE_URL", "must look like postgres://user:password@host:5432/database")
            }
        }
        let baseURL = reader.text("LIAISON_BASE_URL")
        if !baseURL.isEmpty, URL(string: baseURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            reader.fail("LIAISON_BASE_URL", "must be an http:// or https:// address")
        }
        let levelText = reader.text("LIAISON_LOG_LEVEL")
        let logLevel = Logger.Level(rawValue: levelText.lowercased())
        if logLevel == nil {
            reader.fail("LIAISON_LOG_LEVEL", "must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let logFormat = LogFormat(rawValue: reader.text("LIAISON_LOG_FORMAT").lowercased())
        if logFormat == nil { reader.fail("LIAISON_LOG_FORMAT", "must be text or json") }
        let secure = reader.text("LIAISON_SECURE_COOKIES").lowercased()
        var secureCookies = baseURL.lowercased().hasPrefix("https://")
        switch secure {
        case "auto": break
        case "true", "1", "yes", "on": secureCookies = true
        case "false", "0", "no", "off": secureCookies = false
        default: reader.fail("LIAISON_SECURE_COOKIES", "must be true, false or auto")
        }
        let sessionHours = reader.decimal("LIAISON_SESSION_IDLE_HOURS", in: 0.1...720)
        let bcryptCost = reader.integer("LIAISON_BCRYPT_COST", in: 4...16)
        let jobsEnabled = reader.flag("LIAISON_JOBS")
        let poll = reader.decimal("LIAISON_JOB_POLL_SECONDS", in: 0.1...60)
        let answerCache = reader.flag("LIAISON_ANSWER_CACHE")
        let readThreads =
            reader.text("LIAISON_SQLITE_READ_THREADS").lowercased() == "auto"
            ? defaultSQLiteReadThreads : reader.integer("LIAISON_SQLITE_READ_THREADS", in: 0...64)
        let logSync = SQLiteWriterThread.LogSync(rawValue: reader.text("LIAISON_SQLITE_LOG_SYNC").lowercased())
        if logSync == nil { reader.fail("LIAISON_SQLITE_LOG_SYNC", "must be apart or inline") }
        let adminEmail = reader.text("LIAISON_ADMIN_EMAIL")
        if !adminEmail.contains("@") {
            reader.fail("LIAISON_ADMIN_EMAIL", "must be an email address")
        }
        let metricsToken = reader.text("LIAISON_METRICS_TOKEN")
        let locale = reader.text("LIAISON_DEFAULT_LOCALE")
        if !["zh-Hans", "en"].contains(locale) {
            reader.fail("LIAISON_DEFAULT_LOCALE", "must be zh-Hans or en")
        }
        let zone = reader.text("LIAISON_DEFAULT_TIME_ZONE")
        if !TimeZoneName.isKnown(zone) {
            reader.fail("LIAISON_DEFAULT_TIME_ZONE", "is not a known time zone (e.g. Asia/Shanghai)")
        }
        let upload = reader.integer("LIAISON_MAX_UPLOAD_MB", in: 1...1024)
        let blobStore = BlobStoreChoice(rawValue: reader.text("LIAISON_BLOB_STORE").lowercased())
        if blobStore == nil { reader.fail("LIAISON_BLOB_STORE", "must be auto, file or database") }
        let poolSize = reader.integer("LIAISON_DATABASE_POOL_SIZE", in: 1...64)
        let poolWait = reader.integer("LIAISON_DATABASE_POOL_WAIT_SECONDS", in: 1...600)
        let warnPercent = reader.integer("LIAISON_SLA_WARN_PERCENT", in: 1...99)
        let surveyDays = reader.integer("LIAISON_SURVEY_DAYS", in: 1...90)
        let reopenDays = reader.integer("LIAISON_PORTAL_REOPEN_DAYS", in: 0...365)
        var trustedProxies = TrustedProxies.none
        switch TrustedProxies.parse(reader.text("LIAISON_TRUSTED_PROXIES")) {
        case .success(let proxies): trustedProxies = proxies
        case .failure(let invalid):
            reader.fail("LIAISON_TRUSTED_PROXIES", "\"\(invalid.entry)\" is not an IP address or range (10.0.0.0/8, ::1)")
        }
        let addressFailures = reader.integer("LIAISON_SIGNIN_ADDRESS_FAILURES", in: 0...1000)
        let addressWindow = reader.integer("LIAISON_SIGNIN_ADDRESS_WINDOW_MINUTES", in: 1...1440)
        let addressBlock = reader.integer("LIAISON_SIGNIN_ADDRESS_BLOCK_MINUTES", in: 1...1440)
        let anchorLog = reader.flag("LIAISON_AUDIT_ANCHOR_LOG")
        let anchorWebhookText = reader.text("LIAISON_AUDIT_ANCHOR_WEBHOOK")
        let anchorWebhook = anchorWebhookText.isEmpty ? nil : URL(string: anchorWebhookText)
        if !anchorWebhookText.isEmpty,
            anchorWebhook?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true || anchorWebhook?.host == nil
        {
            reader.fail("LIAISON_AUDIT_ANCHOR_WEBHOOK", "must be an http:// or https:// address")
        }
        let mailMax = reader.integer("LIAISON_MAIL_MAX_MB", in: 1...1024)
        let senderLimit = reader.integer("LIAISON_MAIL_SENDER_LIMIT", in: 1...100_000)
        let mailPoll = reader.integer("LIAISON_MAIL_POLL_SECONDS", in: 5...3600)
        let feedbackPerAddress = reader.integer("LIAISON_FEEDBACK_PER_ADDRESS", in: 0...100_000)
        let feedbackWindow = reader.integer("LIAISON_FEEDBACK_WINDOW_MINUTES", in: 1...1440)
        let feedbackMinSeconds = reader.integer("LIAISON_FEEDBACK_MIN_SECONDS", in: 0...600)
        let assessmentDays = reader.integer("LIAISON_ASSESSMENT_DAYS", in: 1...60)
        let communicationReminder = reader.integer("LIAISON_COMMUNICATION_REMINDER_HOURS", in: 0...336)
        let secretKeyText = reader.text("LIAISON_SECRET_KEY")
        var secretKey: Data?
        if !secretKeyText.isEmpty {
            secretKey = Data(base64Encoded: secretKeyText)
            if secretKey?.count != 32 {
                secretKey = nil
                reader.fail("LIAISON_SECRET_KEY", "must be the base64 of 32 bytes (openssl rand -base64 32)")
            }
        }
        if !reader.problems.isEmpty {
            throw ConfigError(problems: reader.problems)
        }
        var config = AppConfig(
            host: host, port: port, dataDirectory: dataDirectory, database: database,
            baseURL: baseURL.isEmpty ? nil : baseURL, logLevel: logLevel ?? .info, logFormat: logFormat ?? .text,
            secureCookies: secureCookies,
            sessionIdleHours: sessionHours, bcryptCost: bcryptCost, jobsEnabled: jobsEnabled, jobPollSeconds: poll,
            answerCache: answerCache, sqliteReadThreads: readThreads, sqliteLogSync: logSync ?? .apart,
            adminEmail: adminEmail.lowercased(), metricsToken: metricsToken.isEmpty ? nil : metricsToken,
            defaultLocale: locale, defaultTimeZone: zone, maxUploadMegabytes: upload, blobStore: blobStore ?? .automatic,
            databasePoolSize: poolSize, databasePoolWaitSeconds: poolWait, slaWarnPercent: warnPercent, surveyDays: surveyDays,
            trustedProxies: trustedProxies,
            signInAddressLimits: SignInAddressLimits(
                failures: addressFailures, window: TimeInterval(addressWindow * 60), block: TimeInterval(addressBlock * 60)),
            auditAnchorLog: anchorLog, auditAnchorWebhook: anchorWebhook, secretKey: secretKey,
            mailMaxMegabytes: mailMax, mailSenderLimit: senderLimit, mailPollSeconds: mailPoll,
            portalReopenDays: reopenDays,
            feedbackPerAddress: feedbackPerAddress, feedbackWindowMinutes: feedbackWindow,
            feedbackMinSeconds: feedbackMinSeconds)
        config.assessmentDays = assessmentDays
        config.communicationReminderHours = communicationReminder
        return config
    }

    private struct Reader {
        let environment: [String: String]
        var problems: [ConfigError.Problem] = []

        func text(_ name: String) -> String {
            let fallback = AppConfig.settings.first { $0.name == name }?.defaultValue ?? ""
            return (environment[name] ?? fallback).trimmedSpaces()
        }

        mutating func fail(_ name: String, _ message: String) {
            problems.append(.init(setting: name, value: environment[name] ?? "", message: message))
        }

        mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int {
            guard let value = Int(text(name)), range.contains(value) else {
                fail(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return range.lowerBound
            }
            return value
        }

        mutating func decimal(_ name: String, in range: ClosedRange<Double>) -> Double {
            guard let value = Double(text(name)), range.contains(value) else {
                fail(name, "must be a number from \(range.lowerBound) to \(range.upperBound)")
                return range.lowerBound
            }
            return value
        }

        mutating func flag(_ name: String) -> Bool {
            switch text(name).lowercased() {
            case "on", "true", "1", "yes": return true
            case "off", "false", "0", "no": return false
            default:
                fail(name, "must be on or off")
                return false
            }
        }
    }
}

/// A configuration that cannot be used, with every offending setting named.
public struct ConfigError: Error, CustomStringConvertible {
    public struct Problem: Sendable, Equatable {
        public var setting: String
        public var value: String
        public var message: String
    }

    public var problems: [Problem]

    public var description: String {
        "Invalid configuration:\n"
            + problems.map { "  \($0.setting)=\"\($0.value)\" \($0.message)" }.joined(separator: "\n")
    }
}
