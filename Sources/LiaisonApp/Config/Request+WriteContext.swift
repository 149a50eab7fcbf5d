import LiaisonData
import Vapor

extension Request {
    /// The caller, this moment and the configured settings: what the commands a handler calls need besides
    /// their input. Take it once per handler, so that every step of the write shares one moment.
    var writeContext: WriteContext {
        WriteContext(actor: auditActor, now: now, settings: appConfig.requestSettings)
    }
}

extension AppConfig {
    /// The request rules' settings (`LIAISON_SLA_WARN_PERCENT`).
    var requestSettings: RequestSettings {
        RequestSettings(warnShare: Double(slaWarnPercent) / 100)
    }
}
