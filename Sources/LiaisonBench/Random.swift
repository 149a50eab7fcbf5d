import Foundation

/// A small, fast, seedable generator (SplitMix64), so the same seed always produces the same data set.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed &+ 0x9E37_79B9_7F4A_7C15
    }

    /// A generator for one independent stream (e.g. one batch), derived from the run's seed.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SeededRandom(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<n.
    mutating func int(_ n: Int) -> Int {
        Int(next() % UInt64(n))
    }

    /// lower...upper.
    mutating func int(_ lower: Int, _ upper: Int) -> Int {
        lower + int(upper - lower + 1)
    }

    /// [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(items.count)]
    }

    /// A random version-4 UUID's upper-case text, as `UUID().uuidString` makes them, but reproducible.
    mutating func uuidString() -> String {
        FastText.uuidString(uuid())
    }

    /// A version-4 UUID whose first 40 bits grow with `sequence` (out of `slots`) and whose rest is random, so
    /// rows created in time order append to their primary-key index instead of landing at random places in it.
    /// Same text format and spread over the key space as `UUID().uuidString`; only the order follows time.
    mutating func orderedUUIDString(sequence: UInt64, slots: UInt64) -> String {
        let step = max((UInt64(1) << 40) / max(slots, 1), 1)
        let prefix = sequence &* step + (step > 1 ? next() % step : 0)
        var uuid = uuid().uuid
        uuid.0 = UInt8(truncatingIfNeeded: prefix >> 32)
        uuid.1 = UInt8(truncatingIfNeeded: prefix >> 24)
        uuid.2 = UInt8(truncatingIfNeeded: prefix >> 16)
        uuid.3 = UInt8(truncatingIfNeeded: prefix >> 8)
        uuid.4 = UInt8(truncatingIfNeeded: prefix)
        return FastText.uuidString(UUID(uuid: uuid))
    }

    /// A random version-4 UUID, as `UUID()` makes them, but reproducible.
    mutating func uuid() -> UUID {
        let a = next()
        let b = next()
        var bytes = (
            UInt8(truncatingIfNeeded: a), UInt8(truncatingIfNeeded: a >> 8), UInt8(truncatingIfNeeded: a >> 16),
            UInt8(truncatingIfNeeded: a >> 24), UInt8(truncatingIfNeeded: a >> 32), UInt8(truncatingIfNeeded: a >> 40),
            UInt8(truncatingIfNeeded: a >> 48), UInt8(truncatingIfNeeded: a >> 56), UInt8(truncatingIfNeeded: b),
            UInt8(truncatingIfNeeded: b >> 8), UInt8(truncatingIfNeeded: b >> 16), UInt8(truncatingIfNeeded: b >> 24),
            UInt8(truncatingIfNeeded: b >> 32), UInt8(truncatingIfNeeded: b >> 40), UInt8(truncatingIfNeeded: b >> 48),
            UInt8(truncatingIfNeeded: b >> 56)
        )
        bytes.6 = (bytes.6 & 0x0F) | 0x40
        bytes.8 = (bytes.8 & 0x3F) | 0x80
        return UUID(uuid: bytes)
    }
}

/// Picks items by weight in constant time (Walker's alias method).
struct AliasTable: Sendable {
    private var probability: [Double]
    private var alias: [Int32]

    init(weights: [Double]) {
        let n = weights.count
        let total = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(n) / total }
        probability = Array(repeating: 0, count: n)
        alias = Array(repeating: 0, count: n)
        var small: [Int] = []
        var large: [Int] = []
        for (i, value) in scaled.enumerated() { if value < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast() {
            guard let l = large.popLast() else {
                probability[s] = 1
                continue
            }
            probability[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] = scaled[l] + scaled[s] - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        for l in large { probability[l] = 1 }
    }

    func sample(_ random: inout SeededRandom) -> Int {
        let i = random.int(probability.count)
        return random.unit() < probability[i] ? i : Int(alias[i])
    }
}
