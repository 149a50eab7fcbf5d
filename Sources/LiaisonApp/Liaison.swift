import Foundation
import Logging
import Vapor

/// The `liaison` program: reads the configuration, builds the application and runs the command line.
public enum Liaison {
    public static func main() async {
        let config: AppConfig
        do {
            config = try AppConfig.load(from: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            exit(78)  // EX_CONFIG
        }
        var env: Environment
        do {
            env = try Environment.detect()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(64)
        }
        LoggingSystem.bootstrap { [level = config.logLevel, format = config.logFormat] label in
            format.handler(label: label, level: level)
        }
        var exitCode: Int32 = 0
        do {
            let app = try await Application.make(env)
            do {
                try await configure(app, config: config, effects: .live)
                try await app.execute()
                exitCode = app.exitCode
            } catch {
                exitCode = 1
            }
            try await app.asyncShutdown()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exitCode = 1
        }
        exit(exitCode)
    }
}
