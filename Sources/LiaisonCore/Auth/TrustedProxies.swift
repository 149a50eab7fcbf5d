import Foundation

/// The reverse proxies whose `X-Forwarded-For` header is believed, as addresses or ranges (`10.0.0.0/8`,
/// `::1`). Only what a trusted proxy says is taken: anyone can send the header, so a client's own copy counts for
/// nothing unless it came through one.
public struct TrustedProxies: Sendable, Equatable {
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = prefix
            for (a, b) in zip(address, bytes) {
                guard left > 0 else { return true }
                let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
                if a & mask != b & mask { return false }
                left -= 8
            }
            return true
        }
    }

    var ranges: [Range] = []

    public static let none = TrustedProxies()

    private init() {}

    /// A comma-separated list of addresses and ranges; a failure names the first entry that is neither.
    public static func parse(_ text: String) -> Result<TrustedProxies, InvalidEntry> {
        var proxies = TrustedProxies()
        for part in text.split(separator: ",") {
            let entry = String(part).trimmedSpaces()
            if entry.isEmpty { continue }
            let pieces = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.bytes(of: pieces[0]) else { return .failure(InvalidEntry(entry: entry)) }
            var prefix = bytes.count * 8
            if pieces.count == 2 {
                guard let given = Int(pieces[1]), (0...prefix).contains(given) else {
                    return .failure(InvalidEntry(entry: entry))
                }
                prefix = given
            }
            proxies.ranges.append(Range(bytes: bytes, prefix: prefix))
        }
        return .success(proxies)
    }

    public struct InvalidEntry: Error, Equatable {
        public var entry: String
    }

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer, unless the peer is a trusted proxy; then the `X-Forwarded-For` hops are
    /// read from the nearest (rightmost) back, and the first one that is not itself a trusted proxy is the client.
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, contains(peer) else { return peer }
        var client = peer
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { String($0).trimmedSpaces() }
        for hop in hops.reversed() {
            guard let bytes = Self.bytes(of: hop) else { break }
            client = hop
            if !ranges.contains(where: { $0.contains(bytes) }) { break }
        }
        return client
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address in text; nil for anything else.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
