import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// Sets up an application: database, migrations, templates, middleware, routes, commands and jobs.
public func configure(_ app: Application, config: AppConfig, effects: Effects) async throws {
    app.logger.logLevel = config.logLevel
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "2mb"

    let resources = Resources.directory
    let catalog = try Catalog.load(from: resources.appendingPathComponent("Localization"))
    let metrics = AppMetrics()
    let sqliteFile = try configureDatabase(app, config: config)
    let writerThread = sqliteFile.map { SQLiteWriterThread(path: $0.path, logSync: config.sqliteLogSync) }
    let anchorKeeper = app.makeAuditAnchorKeeper(
        config: config, clock: effects.clock, durable: { try await writerThread?.syncer?.barrier() })
    app.auditAnchorKeeper = anchorKeeper
    let committed: @Sendable () -> Void = { anchorKeeper.committed() }
    let liveEvents = try app.makeLiveEventHub(config: config)
    app.liveEvents = liveEvents
    let committer = GroupCommitter(thread: writerThread, afterCommit: committed, published: { liveEvents.publish($0) })
    app.context = AppContext(
        config: config, effects: effects, catalog: catalog,
        writer: Writer(committer: committer, afterCommit: committed, eventChannel: liveEvents.channel),
        metrics: metrics,
        resourcesDirectory: resources, blobStore: makeBlobStore(config))
    if let sqliteFile, config.answerCache {
        let watch = SQLiteChangeWatch(path: sqliteFile.path)
        app.context.answers = AnswerCache(watch: watch, metrics: metrics)
        app.context.tokens = VersionedMemo(watch: watch, capacity: 10_000)
    }
    if let sqliteFile, let writerThread {
        app.lifecycle.use(
            CloseSQLiteWriter(
                thread: writerThread, answers: app.context.answers,
                temporaryFile: sqliteFile.temporary ? sqliteFile.path : nil))
    }
    // Webhooks and robots follow no redirect: an answer of 3xx is a failure, never a post to another address.
    app.http.client.configuration.redirectConfiguration = .disallow
    app.hooks = HookServices(
        transport: .live { [weak app] in app?.client }, durable: { try await writerThread?.syncer?.barrier() })
    app.lifecycle.use(SettleAuditAnchor(keeper: anchorKeeper))
    app.lifecycle.use(CloseLiveEvents(hub: liveEvents))
    let smtpPool = SMTPPool()
    app.smtpPool = smtpPool
    app.lifecycle.use(CloseSMTPPool(pool: smtpPool))
    app.migrations.add(Migrations.all)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.prepareDummyPasswordHash(cost: config.bcryptCost) { effects.secret(bytes: 16) }
    app.signInAddresses = SignInAddressGuard(limits: config.signInAddressLimits)
    app.messageGuard = MessageGuard()

    ContentConfiguration.global.use(encoder: JSONCoding.encoder, for: .json)
    ContentConfiguration.global.use(decoder: JSONCoding.decoder, for: .json)

    app.views.use(.leaf)
    app.leaf.sources = LeafSources.singleSource(
        NIOLeafFiles(
            fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
            sandboxDirectory: resources.appendingPathComponent("Views").path,
            viewDirectory: resources.appendingPathComponent("Views").path + "/"))
    app.leaf.tags["t"] = TranslateTag(catalog: catalog)
    app.leaf.tags["markdown"] = MarkdownTag()
    app.leaf.tags.removeValue(forKey: "unsafeHTML")

    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(InFlightMiddleware(requests: app.context.inFlight))
    app.middleware.use(MetricsMiddleware(metrics: metrics))
    app.middleware.use(SecurityHeadersMiddleware(hsts: config.secureCookies))
    app.middleware.use(ErrorMiddleware())
    app.middleware.use(AssetsMiddleware(publicDirectory: resources.appendingPathComponent("Public").path + "/"))
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(LocaleMiddleware(fallback: AppLocale(rawValue: config.defaultLocale) ?? .zhHans))
    app.middleware.use(AccessMiddleware())
    app.middleware.use(MethodNotAllowedMiddleware())
    app.middleware.use(BodyMiddleware(maximumBytes: max(config.maxUploadMegabytes, 10) * 1_048_576 + 1_048_576))
    app.middleware.use(CSRFMiddleware(secureCookies: config.secureCookies))

    app.feedbackGuard = FeedbackGuard(
        minimumSeconds: TimeInterval(config.feedbackMinSeconds), perAddress: config.feedbackPerAddress,
        window: TimeInterval(config.feedbackWindowMinutes * 60)
    ) { try FeedbackGuard.secretBox(config) }

    registerRoutes(app)

    let runner = JobRunner(
        handlers: Housekeeping.handlers + [RequestJobs.sweep, CalendarWarnings.check, HookJobs.deliver]
            + MailJobs.handlers + NotificationJobs.handlers + PortalMail.handlers + AnnouncementJobs.handlers
            + NPSMail.handlers + [FeedbackJobs.acknowledge, FeedbackJobs.purgeStamps, RequirementJobs.remind,
                CommunicationJobs.sweep, ProjectAlertJobs.sweep, ImprovementJobs.remind, CommitmentJobs.sweep]
            + CharterMail.handlers + CustomerMessageMail.handlers + EvaluationMail.handlers + MeetingMail.handlers
            + ChangeRequestMail.handlers,
        recurring: Housekeeping.recurring + [
            RecurringJob(kind: RequestJobs.sweep.kind, interval: 60), CalendarWarnings.recurring,
            AnnouncementJobs.recurring, FeedbackJobs.recurring, RequirementJobs.recurring,
            CommunicationJobs.recurring, ProjectAlertJobs.recurring, ImprovementJobs.recurring,
            CommitmentJobs.recurring,
        ] + MailJobs.recurring(config),
        tickers: [HookJobs.dispatcher])
    app.jobRunner = runner
    app.lifecycle.use(runner)

    await app.asyncCommands.use(LiaisonServeCommand(inner: app.servers.asyncCommand), as: "serve", isDefault: true)
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(TokenCommands(), as: "token")
    app.asyncCommands.use(AuditCommands(), as: "audit")
    app.asyncCommands.use(SLACommands(), as: "sla")
    app.asyncCommands.use(MailCommands(), as: "mail")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
}

func registerRoutes(_ app: Application) {
    AuthController().register(app)
    AccountController().register(app)
    HomeController().register(app)
    PeopleWebController().register(app)
    PeopleAPIController().register(app)
    DepartmentsWebController().register(app)
    DepartmentsAPIController().register(app)
    AuditWebController().register(app)
    AuditAPIController().register(app)
    TokensAPIController().register(app)
    SystemController().register(app)
    CustomersAPIController().register(app)
    ContactsAPIController().register(app)
    InteractionsAPIController().register(app, uploadLimit: app.context.config.maxUploadMegabytes * 1_048_576 + 65_536)
    SearchAPIController().register(app)
    LookupController().register(app)
    CustomersWebController().register(app)
    CustomerPageController().register(app)
    ContactsWebController().register(app)
    InteractionsWebController().register(app, uploadLimit: app.context.config.maxUploadMegabytes * 1_048_576 + 65_536)
    SearchWebController().register(app)
    ImportsController().register(app)
    ExportController().register(app)
    RequestsAPIController().register(app, uploadLimit: app.context.config.maxUploadMegabytes * 1_048_576 + 65_536)
    RequirementsAPIController().register(app, uploadLimit: app.context.config.maxUploadMegabytes * 1_048_576 + 65_536)
    RequirementsWebController().register(app, uploadLimit: app.context.config.maxUploadMegabytes * 1_048_576 + 65_536)
    CalendarsAPIController().register(app)
    NotificationsController().register(app)
    SurveyController().register(app)
    let portalUploadLimit = app.context.config.maxUploadMegabytes * 1_048_576 + 65_536
    PortalAuthController().register(app)
    PortalWebController().register(app, uploadLimit: portalUploadLimit)
    PortalAPIController().register(app, uploadLimit: portalUploadLimit)
    PortalAccountController().register(app)
    CannedResponsesAPIController().register(app)
    MailboxesAPIController().register(app)
    MailboxWebController().register(app)
    MailInboundController().register(app, limit: app.context.config.mailMaxMegabytes * 1_048_576 + 65_536)
    QuarantineAPIController().register(app)
    QuarantineWebController().register(app)
    WebhooksAPIController().register(app)
    RobotsAPIController().register(app)
    HookWebController().register(app)
    NPSAPIController().register(app)
    NPSWebController().register(app)
    NPSPublicController().register(app)
    ProjectsAPIController().register(app)
    ProjectsWebController().register(app)
    WorkPlanAPIController().register(app)
    WorkPlanWebController().register(app)
    CommunicationPlanAPIController().register(app)
    CommunicationPlanWebController().register(app)
    RiskAPIController().register(app)
    RiskWebController().register(app)
    ReportAPIController().register(app)
    ReportWebController().register(app)
    PortalReportsController().register(app)
    DashboardController().register(app)
    ReviewAPIController().register(app)
    ReviewWebController().register(app)
    EvaluationController().register(app)
    ImprovementAPIController().register(app)
    ImprovementWebController().register(app)
    CommitmentAPIController().register(app)
    CommitmentWebController().register(app)
    MeetingsAPIController().register(app)
    MeetingsWebController().register(app)
    PortalMeetingsController().register(app)
    CharterSignController().register(app)
    PortalChartersController().register(app)
    ChangeRequestAPIController().register(app)
    ChangeRequestDecisionController().register(app)
    QualityCheckAPIController().register(app)
    ChangesWebController().register(app)
    RequestsWebController().register(app)
    RequestPageController().register(app, uploadLimit: app.context.config.maxUploadMegabytes * 1_048_576 + 65_536)
    EventsController().register(app)
    CalendarWebController().register(app)
    SLAPolicyWebController().register(app)
    SettingsAPIController().register(app)
    SettingsWebController().register(app)
    MessageCheckAPIController().register(app)
    MessageCheckSettingsAPIController().register(app)
    MessageCheckWebController().register(app)
    AnnouncementsAPIController().register(app)
    AnnouncementsWebController().register(app)
    PublicSiteController().register(app)
    FeedbackController().register(app, uploadLimit: app.context.config.maxUploadMegabytes * 1_048_576 + 65_536)
}

/// Files under the data folder, or the database when the installation runs on PostgreSQL (several servers, no
/// shared disk), unless LIAISON_BLOB_STORE says otherwise.
private func makeBlobStore(_ config: AppConfig) -> any BlobStore {
    switch (config.blobStore, config.database) {
    case (.file, _), (.automatic, .sqliteFile), (.automatic, .sqliteMemory):
        return FileBlobStore(root: URL(fileURLWithPath: config.dataDirectory).appendingPathComponent("blobs"))
    case (.database, _), (.automatic, .postgres):
        return DatabaseBlobStore()
    }
}

/// Sets up the database; on SQLite, answers the database file (for the dedicated write connection).
///
/// An in-memory database is a temporary file removed at shutdown: SQLite's own in-memory databases cannot be
/// shared between connections in this build (SQLiteKit does the same for its `.memory`).
private func configureDatabase(_ app: Application, config: AppConfig) throws -> (path: String, temporary: Bool)? {
    switch config.database {
    case .sqliteMemory:
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("liaison-memory-\(UUID().uuidString).sqlite").path
        app.databases.use(.liaisonSQLite(path: path, readerThreads: config.sqliteReadThreads), as: .sqlite)
        return (path, true)
    case .sqliteFile(let path):
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        app.databases.use(.liaisonSQLite(path: path, readerThreads: config.sqliteReadThreads), as: .sqlite)
        return (path, false)
    case .postgres(let url):
        var configuration = try SQLPostgresConfiguration(url: url)
        configuration.searchPath = config.databaseSearchPath
        app.databases.use(
            .postgres(
                configuration: configuration, maxConnectionsPerEventLoop: config.databasePoolSize,
                connectionPoolTimeout: .seconds(Int64(config.databasePoolWaitSeconds)), sqlLogLevel: .trace),
            as: .psql)
        return nil
    }
}

/// Closes the SQLite write connection once nothing writes any more (shutdown runs handlers newest first, so this
/// one, registered before the job runner's, runs after it), and removes a temporary database.
private struct CloseSQLiteWriter: LifecycleHandler {
    let thread: SQLiteWriterThread
    let answers: AnswerCache?
    let temporaryFile: String?

    func shutdownAsync(_ application: Application) async {
        answers?.close()
        await thread.shutdown()
        if let temporaryFile {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temporaryFile + suffix) }
        }
    }
}

/// Where templates, static files, translations and the API description are: the resource bundle built beside the
/// binary.
enum Resources {
    static var directory: URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources")
    }
}
