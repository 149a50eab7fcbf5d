import Fluent
import LiaisonCore
import LiaisonData
import Vapor

/// `liaison serve`: migrates the database, makes sure an administrator exists, starts the job runner, then serves
/// with Vapor's own serve command (which keeps its `--hostname`/`--port` options).
struct LiaisonServeCommand: AnyAsyncCommand {
    let inner: any AnyAsyncCommand

    var help: String { "Migrates the database, starts background jobs and serves the web application." }

    func outputHelp(using context: inout CommandContext) throws {
        try inner.outputHelp(using: &context)
    }

    func run(using context: inout CommandContext) async throws {
        let app = context.application
        try await Bootstrap.prepareDatabase(app)
        try await Bootstrap.ensureAdministrator(app)
        try await Bootstrap.ensureDefaultSLAPolicy(app)
        // Made before the first sign-in, so that an unknown email's first answer takes no longer than the others.
        _ = try app.dummyPasswordHash
        if app.context.config.jobsEnabled {
            app.jobRunner.start(app, pollInterval: app.context.config.jobPollSeconds)
        }
        // Shutdown runs lifecycle handlers newest first, before the server itself is stopped; this one stops the
        // server (letting requests in flight finish) before the job runner and the databases go away.
        let pidFile = ServerPIDFile(dataDirectory: app.context.config.dataDirectory)
        try pidFile.write()
        app.lifecycle.use(RemovePIDFile(file: pidFile))
        app.lifecycle.use(StopServerFirst())
        try await inner.run(using: &context)
    }
}

/// Stops accepting connections and waits for the requests being handled (also those whose client has hung up),
/// so that no request meets a closed database. The live event streams are ended first: the server waits for every
/// answer to finish, and a stream finishes only when told.
struct StopServerFirst: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.liveEvents.close()
        await application.server.shutdown()
        if await !application.context.inFlight.drain(within: .seconds(15)) {
            application.logger.warning("Stopping with \(application.context.inFlight.current) requests still being handled")
        }
    }
}

enum Bootstrap {
    /// Migrates, and on SQLite switches the file to write-ahead logging and opens the write connection, which
    /// refuses to run without a full sync at every commit.
    static func prepareDatabase(_ app: Application) async throws {
        let (mode, sync) = try await SQLiteSetup.prepare(app.db)
        if mode != "n/a" {
            app.logger.info("SQLite journal_mode=\(mode) synchronous=\(sync)")
        }
        try await app.context.writer.committer.thread?.open()
        try await app.autoMigrate()
    }

    /// Creates the default business calendar and SLA policy before the first request needs them, so that no
    /// request's write creates them (and appends their audit entries) in the middle of its own work: on
    /// PostgreSQL concurrent first requests otherwise took the audit chain's lock and the request counter's row in
    /// opposite orders and deadlocked.
    static func ensureDefaultSLAPolicy(_ app: Application) async throws {
        let now = app.context.effects.clock.now()
        _ = try await app.write { tx in
            try await SLAPolicyStore.defaultPolicy(by: .system("bootstrap"), at: now, on: tx)
        }
    }

    /// Creates the first administrator when there is no active one, and prints its one-time password once.
    static func ensureAdministrator(_ app: Application) async throws {
        guard try await !PeopleQueries.activeAdminExists(on: app.db) else { return }
        let config = app.context.config
        let password = app.context.effects.oneTimePassword()
        let input = PersonInput(
            email: config.adminEmail, name: "Administrator", roles: [Role.admin.rawValue],
            timeZone: config.defaultTimeZone)
        let valid = try input.validated()
        if try await PeopleQueries.emailTaken(valid.email.value, on: app.db) {
            app.logger.critical(
                "No active administrator, and \(valid.email.value) belongs to someone who is not one. Create one with: liaison user create --email E --name N --role admin"
            )
            return
        }
        let hash = try await app.password.async.hash(password)
        let now = app.context.effects.clock.now()
        _ = try await app.write { tx in
            try await PeopleCommands.create(
                valid, passwordHash: hash, mustChangePassword: true, by: .system("bootstrap"), at: now, on: tx)
        }
        app.logger.notice(
            """

            ============================================================
             First administrator created
               email:    \(valid.email.value)
               password: \(password)
             This one-time password must be changed at first sign-in.
            ============================================================
            """)
    }
}

extension Application {
    /// Migrates unless every migration is already applied (a cheap check first: see `Migrations.allApplied`).
    func migrateIfNeeded() async throws {
        if try await Migrations.allApplied(on: db) { return }
        try await autoMigrate()
    }
}
