import Stochastics
import Testing

/// The inline taus2 draws what a GSL taus2 stream with the same key draws.
struct Taus2GeneratorTests {
    @Test(arguments: [UInt64(0), 1, 42, 0xdead_beef_cafe_f00d, .max])
    func drawsTheSameNumbersAsGSL(seed: UInt64) {
        for label in 0..<20 {
            let key = StreamKey(seed: seed).child("sampling").child(.index(UInt64(label)))
            let stream = RandomStream(key: key, generator: .taus2)
            var generator = Taus2Generator(key: key)
            for _ in 0..<500 {
                #expect(generator.uniform() == stream.uniform())
            }
            let raw = (0..<10).map { _ in UInt(generator.nextRaw()) }
            #expect(raw == (0..<10).map { _ in stream.nextRaw() })
        }
    }

    @Test func reseedingRestartsTheNamedStream() {
        let key = StreamKey(seed: 9).child("x")
        var generator = Taus2Generator(key: StreamKey(seed: 1))
        _ = generator.nextRaw()
        generator.reseed(key)
        var fresh = Taus2Generator(key: key)
        #expect((0..<100).map { _ in generator.nextRaw() } == (0..<100).map { _ in fresh.nextRaw() })
    }

    @Test func aStreamResumesWhereTheGeneratorIs() {
        let key = StreamKey(seed: 3).child("sampling")
        var generator = Taus2Generator(key: key)
        let reference = RandomStream(key: key, generator: .taus2)
        for _ in 0..<37 {
            _ = generator.nextRaw()
            _ = reference.nextRaw()
        }
        let resumed = RandomStream(key: StreamKey(seed: 99), generator: .taus2)
        resumed.resume(from: generator)
        #expect((0..<50).map { _ in resumed.gaussian() } == (0..<50).map { _ in reference.gaussian() })
    }
}
