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
    let writeRunCPUSeconds: Gauge
    let writeCommitCPUSeconds: Gauge
    let logSyncs: Gauge
    let logSyncSeconds: Gauge
    let writeCommitSeconds: Gauge
    let answerCacheHits: Counter
    let answerCacheMisses: Counter
    let storage: StorageMetrics

    init() {
        storage = StorageMetrics(registry: registry)
        writeTransactions = Self.gauge(
            registry, "write_transactions",
            "Write transactions run since start (SQLite: one per group of concurrent writes)")
        writes = Self.gauge(
            registry, "writes",
            "Writes run since start; divided by write_transactions, the mean group size")
        logPages = Self.gauge(
            registry, "sqlite_log_pages",
            "SQLite: pages the writes have appended to the write-ahead log since start")
        writeRunSeconds = Self.gauge(
            registry, "write_run_seconds",
            "Time the write transactions spent running their writes (SQLite: on the write connection)")
        writeCommitSeconds = Self.gauge(
            registry, "write_commit_seconds",
            "Time the write transactions spent committing (writing and syncing the log)")
        writeRunCPUSeconds = Self.gauge(
            registry, "write_run_cpu_seconds",
            "SQLite: processor time the write thread used running the writes (write_run_seconds less its waits)")
        writeCommitCPUSeconds = Self.gauge(
            registry, "write_commit_cpu_seconds",
            "SQLite: processor time the write thread used committing (write_commit_seconds less its waits)")
        logSyncs = Self.gauge(
            registry, "sqlite_log_syncs",
            "SQLite: syncs of the log by its own thread (each covers the commits made before it started)")
        logSyncSeconds = Self.gauge(
            registry, "sqlite_log_sync_seconds",
            "SQLite: time the log's own thread spent syncing it, while the write thread ran the next writes")
        answerCacheHits = Self.counter(
            registry, "answer_cache_hits",
            "Repeated reads answered from the answer cache (nothing changed since)")
        answerCacheMisses = Self.counter(registry, "answer_cache_misses", "Cacheable reads answered from the database")
        jobsQueued = Self.gauge(registry, "jobs_queued", "Jobs waiting to run")
        jobsRunning = Self.gauge(registry, "jobs_running", "Jobs running")
        jobsFailed = Self.gauge(registry, "jobs_failed", "Jobs that gave up")
        jobRuns = Self.counter(registry, "job_runs", "Job attempts run")
        jobFailures = Self.counter(registry, "job_failures", "Job attempts failed")
    }

    private static func gauge(_ registry: PrometheusCollectorRegistry, _ name: String, _ help: String) -> Gauge {
        registry.makeGauge(descriptor: .init(namespace: "liaison", metricName: name, unitName: "", helpText: help))
    }

    /// Counters end in `_total`.
    private static func counter(_ registry: PrometheusCollectorRegistry, _ name: String, _ help: String) -> Counter {
        registry.makeCounter(
            descriptor: .init(namespace: "liaison", metricName: name, unitName: "total", helpText: help))
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
        metrics.record(
            route: request.routePattern, method: request.method.rawValue, status: response.status.code,
            duration: ContinuousClock.now - start)
        return response
    }
}
