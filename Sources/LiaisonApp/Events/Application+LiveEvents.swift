import Fluent
import FluentPostgresDriver
import Foundation
import LiaisonData
import Vapor

extension Application {
    private struct LiveEventHubKey: StorageKey {
        typealias Value = LiveEventHub
    }

    /// Set by `configure`.
    var liveEvents: LiveEventHub {
        get { configured(LiveEventHubKey.self, "no live event hub") }
        set { storage[LiveEventHubKey.self] = newValue }
    }

    /// The hub of this node's live event streams: in-process on SQLite; on PostgreSQL listening on the channel of
    /// the installation's schema, on a connection of its own (opened when the first stream opens).
    func makeLiveEventHub(config: AppConfig) throws -> LiveEventHub {
        let transport: LiveEventHub.Transport
        switch config.database {
        case .sqliteFile, .sqliteMemory:
            transport = .inProcess
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url)
            transport = .postgres(
                configuration.coreConfiguration, channel: LiveEventHub.channel(schema: config.databaseSearchPath?.first)
            )
        }
        return LiveEventHub(
            transport: transport, database: { [weak self] in self?.db }, eventLoop: eventLoopGroup.any(),
            logger: logger)
    }
}

/// Ends every stream before the databases close (`StopServerFirst` does it earlier still, before the server
/// waits for the requests being answered, a stream among them).
struct CloseLiveEvents: LifecycleHandler {
    let hub: LiveEventHub

    func shutdownAsync(_ application: Application) async {
        await hub.close()
    }
}
