import LiaisonData
import NIOConcurrencyHelpers
import Prometheus

/// What `/metrics` tells about the storage engine: where SQLite statements ran (event loops, reader threads), how
/// many costly reads went to the reader threads and how many statements met a busy database away from them, and
/// how many stored JSON values failed to decode (`liaison_json_decode_failures_total`; see `JSONColumn`).
final class StorageMetrics: Sendable {
    let onEventLoops: Gauge
    let onReaders: Gauge
    let costlyReads: Gauge
    let movedWhenBusy: Gauge
    let jsonDecodeFailures: Counter
    /// The failures already added to the counter.
    private let jsonFailuresCounted = NIOLockedValueBox(0)

    init(registry: PrometheusCollectorRegistry) {
        func gauge(_ name: String, _ help: String) -> Gauge {
            registry.makeGauge(descriptor: .init(namespace: "liaison", metricName: name, unitName: "", helpText: help))
        }
        onEventLoops = gauge(
            "sqlite_statements_on_event_loops", "SQLite statements run on the HTTP event loops since start")
        onReaders = gauge(
            "sqlite_statements_on_reader_threads", "SQLite statements run on the reader threads since start")
        costlyReads = gauge(
            "sqlite_costly_reads", "Costly reads (searches, broad lists, exports, jobs) sent to the reader threads")
        movedWhenBusy = gauge(
            "sqlite_statements_moved_when_busy",
            "SQLite statements that met a busy database away from the reader threads and ran again on one")
        jsonDecodeFailures = registry.makeCounter(
            descriptor: .init(
                namespace: "liaison", metricName: "json_decode_failures", unitName: "total",
                helpText: "Stored JSON values that did not decode (each is logged with its table, column and row)"))
    }

    /// Brings the figures up to date before they are written out.
    func update(reads: ReadCounts?, jsonFailures total: Int) {
        if let reads {
            onEventLoops.set(Double(reads.onEventLoops))
            onReaders.set(Double(reads.onReaders))
            costlyReads.set(Double(reads.costlyReads))
            movedWhenBusy.set(Double(reads.movedWhenBusy))
        }
        let added = jsonFailuresCounted.withLockedValue { counted -> Int in
            defer { counted = max(counted, total) }
            return max(0, total - counted)
        }
        if added > 0 { jsonDecodeFailures.increment(by: Int64(added)) }
    }
}
