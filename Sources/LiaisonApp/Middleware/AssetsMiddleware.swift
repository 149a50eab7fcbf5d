import Vapor

/// Serves the files under `Public/` (all of them live in `assets/`) and nothing else: other paths never reach the
/// file system. A path whose segment is longer than a file name may be (255 bytes) is not a file here either;
/// asking the file system about it failed with "File name too long", which answered 500.
struct AssetsMiddleware: AsyncMiddleware {
    let files: FileMiddleware
    let prefix = "/assets/"

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil, advancedETagComparison: true)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path.hasPrefix(prefix), path.utf8.count <= 1024,
            path.split(separator: "/").allSatisfy({ $0.utf8.count <= 255 })
        else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }
}
