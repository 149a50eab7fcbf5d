import Prometheus
import Vapor

/// The metrics the server exports at `/metrics`.
final class AppMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let jobsQueued: Gauge
    let jobsRunning: Gauge
    let jobsFailed: Gauge
    let jobRuns: Counter
    let jobFailures: Counter
    let writeTransactions: Gauge
    let writes: Gauge
    let logPages: Gauge
    let writeRunSeconds: Gauge
    let writeCommitSeconds: Gauge
    let answerCacheHits: Counter
    let answerCacheMisses: Counter

    init() {
        writeTransactions = registry.makeGauge(
            descriptor: .init(
                namespace: "liaison", metricName: "write_transactions", unitName: "",
                helpText: "Write transactions run since start (SQLite: one per group of concurrent writes)"))
        writes = registry.makeGauge(
            descriptor: .init(
                namespace: "liaison", metricName: "writes", unitName: "",
                helpText: "Writes run since start; divided by write_transactions, the mean group size"))
        logPages = registry.makeGauge(
            descriptor: .init(
                namespace: "liaison", metricName: "sqlite_log_pages", unitName: "",
                helpText: "SQLite: pages the writes have appended to the write-ahead log since start"))
        writeRunSeconds = registry.makeGauge(
            descriptor: .init(
                namespace: "liaison", metricName: "write_run_seconds", unitName: "",
                helpText: "Time the write transactions spent running their writes (SQLite: on the write connection)"))
        writeCommitSeconds = registry.makeGauge(
            descriptor: .init(
                namespace: "liaison", metricName: "write_commit_seconds", unitName: "",
                helpText: "Time the write transactions spent committing (writing and syncing the log)"))
        answerCacheHits = registry.makeCounter(
            descriptor: .init(
                namespace: "liaison", metricName: "answer_cache_hits", unitName: "total",
                helpText: "Repeated reads answered from the answer cache (nothing changed since)"))
        answerCacheMisses = registry.makeCounter(
            descriptor: .init(
                namespace: "liaison", metricName: "answer_cache_misses", unitName: "total",
                helpText: "Cacheable reads answered from the database"))
        jobsQueued = registry.makeGauge(
            descriptor: .init(
                namespace: "liaison", metricName: "jobs_queued", unitName: "", helpText: "Jobs waiting to run"))
        jobsRunning = registry.makeGauge(
            descriptor: .init(namespace: "liaison", metricName: "jobs_running", unitName: "", helpText: "Jobs running"))
        jobsFailed = registry.makeGauge(
            descriptor: .init(
                namespace: "liaison", metricName: "jobs_failed", unitName: "", helpText: "Jobs that gave up"))
        jobRuns = registry.makeCounter(
            descriptor: .init(
                namespace: "liaison", metricName: "job_runs", unitName: "total", helpText: "Job attempts run"))
        jobFailures = registry.makeCounter(
            descriptor: .init(
                namespace: "liaison", metricName: "job_failures", unitName: "total", helpText: "Job attempts failed"))
    }

    nonisolated(unsafe) private static let requests = MetricNameDescriptor(
        namespace: "liaison", subsystem: "http", metricName: "requests", unitName: "total",
        helpText: "HTTP requests by route pattern, method and status")
    nonisolated(unsafe) private static let duration = MetricNameDescriptor(
        namespace: "liaison", subsystem: "http", metricName: "request_duration", unitName: "seconds",
        helpText: "HTTP request latency by route pattern and method")
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5),
    ]

    func record(route: String, method: String, status: UInt, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.duration, labels: [("route", route), ("method", method)], buckets: Self.buckets
        ).record(duration)
    }
}

/// Counts and times every request by its route pattern (never the raw path, which would explode label counts).
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: AppMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") }
            ?? (request.url.path.hasPrefix("/assets/") ? "/assets" : "unmatched")
        metrics.record(
            route: route, method: request.method.rawValue, status: response.status.code,
            duration: ContinuousClock.now - start)
        return response
    }
}
