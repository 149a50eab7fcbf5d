import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Prometheus
import SQLKit
import Vapor

enum SystemRoutes {
    static let health = Endpoint(.GET, "healthz", .everyone)
    static let metrics = Endpoint(.GET, "metrics", .everyone)
    static let openAPI = Endpoint(.GET, "api/v1/openapi.yaml", .signedIn)
}

/// Health, metrics and the API description.
struct SystemController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(SystemRoutes.health, use: health)
        routes.on(SystemRoutes.metrics, use: metrics)
        routes.on(SystemRoutes.openAPI, use: openAPI)
    }

    struct Health: Content {
        var status: String
        var database: String
    }

    /// 200 only when the database answers a query.
    func health(_ request: Request) async throws -> Response {
        do {
            _ = try await request.db.sql.raw("SELECT 1 AS ok").first()
            return try Health(status: "ok", database: "ok").apiResponse(for: request)
        } catch {
            request.logger.error("health check failed: \(error)")
            return try Health(status: "unavailable", database: "error").apiResponse(.serviceUnavailable, for: request)
        }
    }

    /// Prometheus text format. When a metrics token is configured, scrapers must present it.
    func metrics(_ request: Request) async throws -> Response {
        if let token = request.appConfig.metricsToken {
            guard let given = request.headers.bearerAuthorization?.token,
                CSRFMiddleware.constantTimeEqual(given, token)
            else { throw AppError.unauthenticated }
        }
        let metrics = request.application.context.metrics
        let counts = try await JobQueue.counts(on: request.db)
        metrics.jobsQueued.set(Double(counts[.queued] ?? 0))
        metrics.jobsRunning.set(Double(counts[.running] ?? 0))
        metrics.jobsFailed.set(Double(counts[.failed] ?? 0))
        let writes = request.application.context.writer.committer.counts
        metrics.writeTransactions.set(Double(writes.transactions))
        metrics.writes.set(Double(writes.writes))
        let times = request.application.context.writer.committer.times
        metrics.writeRunSeconds.set(times.running / .seconds(1))
        metrics.writeCommitSeconds.set(times.committing / .seconds(1))
        let processor = request.application.context.writer.committer.processorTimes
        metrics.writeRunCPUSeconds.set(processor.running / .seconds(1))
        metrics.writeCommitCPUSeconds.set(processor.committing / .seconds(1))
        if let thread = request.application.context.writer.committer.thread {
            metrics.logPages.set(Double(thread.checkpointer.pagesLogged))
            if let syncer = thread.syncer {
                let syncs = syncer.times
                metrics.logSyncs.set(Double(syncs.syncs))
                metrics.logSyncSeconds.set(syncs.syncing / .seconds(1))
            }
        }
        metrics.storage.update(reads: request.db.readCounts, jsonFailures: JSONColumnFailures.count)
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(data: Data(buffer)))
    }

    func openAPI(_ request: Request) async throws -> Response {
        let url = request.application.context.resourcesDirectory.appendingPathComponent("openapi.yaml")
        let data = try Data(contentsOf: url)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
