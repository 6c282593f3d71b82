import Foundation
import Stochastics
import Testing

@testable import Simulator

/// The guide table draws exactly the candidate the binary search (a linear scan) draws.
struct InverseCDFSamplerTests {
    @Test(arguments: [1, 2, 3, 7, 24, 33, 100])
    func theGuideTableAndTheSearchAgree(count: Int) {
        let sampler = InverseCDFSampler(maximumCandidates: count)
        defer { sampler.deallocate() }
        var draws = Taus2Generator(key: StreamKey(seed: UInt64(count)))
        var cumulative = [Double](repeating: 0, count: count)
        for shape in 0..<40 {
            // Spread, peaked and gapped distributions (zeros make runs of equal cumulative sums).
            var total = 0.0
            for c in 0..<count {
                let u = draws.uniform()
                let weight: Double = switch shape % 4 {
                case 0: u
                case 1: c == count - 1 ? 1 : u * 1e-6
                case 2: u < 0.5 ? 0 : u
                default: pow(u, 8)
                }
                total += weight
                cumulative[c] = total
            }
            cumulative.withUnsafeBufferPointer { sums in
                let buckets = sampler.prepare(sums.baseAddress!, count: count, total: total, draws: 1_000)
                #expect(count == 1 || buckets > 0)
                // Random draws, and the edges of every bucket.
                var raws = (0..<2_000).map { _ in draws.nextRaw() }
                if buckets > 0 {
                    let width = UInt32(truncatingIfNeeded: (UInt64(1) << 32) / UInt64(buckets))
                    for j in 0..<UInt32(buckets) { raws += [j &* width, j &* width &+ 1, j &* width &- 1] }
                }
                raws += [0, .max]
                for raw in raws {
                    let u = (Double(raw) * 0x1p-32) * total
                    var scan = 0
                    while scan < count - 1 && sums[scan] <= u { scan += 1 }
                    #expect(InverseCDFSampler.firstAbove(u, sums.baseAddress!, count) == scan)
                    #expect(sampler.draw(raw, total: total, sums.baseAddress!, count: count, buckets: buckets) == scan)
                }
            }
        }
    }

    @Test func fewDrawsUseTheSearch() {
        let sampler = InverseCDFSampler(maximumCandidates: 24)
        defer { sampler.deallocate() }
        let cumulative = (1...24).map { Double($0) / 24 }
        #expect(sampler.prepare(cumulative, count: 24, total: 1, draws: 8) == 0)
        #expect(sampler.prepare(cumulative, count: 24, total: 1, draws: 64) == 32)
    }
}
