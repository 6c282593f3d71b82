internal import Foundation
internal import Stochastics
internal import Graders
internal import Provider

/// A sweep's cells, checked and in canonical order, and its manifest: everything known before
/// anything runs.
///
/// Making a plan reads the scenario, checks every varied key exists, enumerates the grid (or
/// draws `--random N` cells with the sweep seed), and builds every cell's ``JobScenario``, so a
/// bad value is reported with its cell before any training starts.
///
/// ```swift
/// let plan = try SweepPlan(specification)
/// print(plan.cells.count, plan.shardCells.count, plan.manifest.scenario.contentHash)
/// ```
public struct SweepPlan: Sendable {
    /// What was asked.
    public let specification: SweepSpecification
    /// The scenario file (a folder's `scenario.yaml`).
    public let scenarioFile: String
    /// The scenario with the `--set` overrides, before any cell's values.
    public let baseScenario: JobScenario
    /// Every cell of the sweep, in canonical order.
    public let cells: [SweepCell]
    /// The folder manifest for this shard.
    public let manifest: SweepManifest

    /// Plans a sweep.
    ///
    /// - Throws: ``SweepError``: `invalidSpecification` for options, `invalidScenario` for a
    ///   scenario that does not load or a key that does not exist (with the nearest keys),
    ///   `invalidCell` for a value that makes a cell's scenario invalid (naming the cell).
    public init(_ specification: SweepSpecification) throws(SweepError) {
        try specification.validate()
        self.specification = specification
        scenarioFile = JobScenario.resolve(specification.scenarioPath)
        let document: ScenarioValue
        do {
            document = try ScenarioDocument.applying(specification.overrides, to: try ScenarioDocument.load(path: scenarioFile))
            baseScenario = try JobScenario(document, path: scenarioFile)
        } catch {
            throw SweepError(.invalidScenario, "\(error)")
        }
        guard baseScenario.method == .reinforcement else {
            throw SweepError(.invalidScenario, "\(scenarioFile): method is \(baseScenario.method.rawValue); sweeps simulate reinforcement jobs (method: reinforcement)")
        }
        for variation in specification.variations { try SweepKeys.check(variation.key, in: document) }
        let seed = specification.sweepSeed ?? baseScenario.seed
        let assignments = try Self.assignments(specification, sweepSeed: seed)
        var cells: [SweepCell] = []
        cells.reserveCapacity(assignments.count)
        for (index, cellAssignments) in assignments.enumerated() {
            cells.append(try Self.cell(index: index, assignments: cellAssignments, document: document,
                                       file: scenarioFile, target: specification.target))
        }
        self.cells = cells
        var manifest = SweepManifest(
            scenario: .init(path: specification.scenarioPath, name: baseScenario.name,
                            contentHash: try Self.contentHash(file: scenarioFile, cells: cells)),
            overrides: specification.overrides, keys: specification.variations.map(\.key),
            vary: specification.variations.map(\.canonicalText), random: specification.randomCount, sweepSeed: seed,
            seeds: specification.seeds, steps: specification.steps, target: specification.target,
            cells: cells.map(\.id), shard: specification.shard)
        manifest.inferenceVolume = specification.inferenceVolume
        if specification.parameterUncertainty {
            guard let calibration = baseScenario.calibration else {
                throw SweepError(.invalidSpecification, "--parameter-uncertainty draws the parameters of a calibrated scenario, and \(scenarioFile) has no calibration: section; make one with rftsim calibrate (docs/CALIBRATION.md)")
            }
            if let varied = specification.variations.map(\.key).first(where: { key in calibration.parameters.contains { $0.key == key } }) {
                throw SweepError(.invalidSpecification, "--parameter-uncertainty draws \(varied), which --vary also sets; vary other keys, or drop one of the two")
            }
            manifest.parameterUncertainty = true
        }
        self.manifest = manifest
    }

    /// The cells of this plan's shard, in canonical order.
    public var shardCells: [SweepCell] {
        cells.filter { specification.shard.contains(cellIndex: $0.index) }
    }

    /// The seed of run `run` (0-based) of a cell whose scenario seed is `scenarioSeed`:
    /// independent of the cell, so every cell is compared on the same random numbers.
    ///
    /// A seed the platform takes (0 ..< 2³¹, as a job's `seed`), so `rftsim run --set seed=S`
    /// runs the sweep's run S through the provider, step for step and cent for cent.
    public static func runSeed(scenarioSeed: UInt64, run: Int) -> UInt64 {
        StreamKey(seed: scenarioSeed).child("sweep-run").child(.index(UInt64(run))).value % 2_147_483_648
    }

    private static func cell(index: Int, assignments: [SweepAssignment], document: ScenarioValue,
                             file: String, target: Double?) throws(SweepError) -> SweepCell {
        let place = "cell \(index + 1) (\(SweepCell.label(of: assignments)))"
        let scenario: JobScenario
        do {
            scenario = try JobScenario(try ScenarioDocument.applying(assignments.map(\.override), to: document), path: file)
        } catch let error as ScenarioError {
            throw SweepError.invalidCell(place, error)
        } catch {
            throw SweepError(.invalidCell, "\(place): \(error)")
        }
        guard scenario.method == .reinforcement else {
            throw SweepError(.invalidCell, "\(place): method: sweeps simulate reinforcement jobs, got \(scenario.method.rawValue)")
        }
        guard let reward = target ?? scenario.targetReward else {
            throw SweepError(.invalidCell, "\(place): no target reward; set target.reward in the scenario or pass --target (e.g. --target 0.8)")
        }
        return SweepCell(index: index, assignments: assignments, scenario: scenario, target: reward)
    }

    /// The cells' assignments in canonical order: the whole grid (first key slowest), or
    /// `--random N` draws.
    static func assignments(_ specification: SweepSpecification, sweepSeed: UInt64) throws(SweepError) -> [[SweepAssignment]] {
        let variations = specification.variations
        var gridSize = 1, overflow = false
        for variation in variations {
            guard case .values(let values) = variation.domain else { overflow = true; break }
            let (product, over) = gridSize.multipliedReportingOverflow(by: values.count)
            gridSize = product
            overflow = overflow || over
        }
        func gridCell(_ index: Int) -> [SweepAssignment] {
            var rest = index
            var result = [SweepAssignment]()
            for variation in variations.reversed() {
                guard case .values(let values) = variation.domain else { continue }
                result.append(SweepAssignment(key: variation.key, value: values[rest % values.count]))
                rest /= values.count
            }
            return result.reversed()
        }
        guard let count = specification.randomCount else {
            guard !overflow, gridSize <= SweepSpecification.maximumCells else {
                throw SweepError(.invalidSpecification, "the grid has more than \(SweepSpecification.maximumCells) cells; use --random N to draw some of them")
            }
            return (0..<gridSize).map(gridCell)
        }
        let stream = RandomStream(key: StreamKey(seed: sweepSeed).child("sweep-cells"))
        if !overflow, gridSize <= 1 << 32 {
            guard count < gridSize else { return (0..<gridSize).map(gridCell) }
            // Floyd's sample of `count` distinct grid positions, then grid order.
            var chosen = Set<Int>()
            for j in (gridSize - count)..<gridSize {
                let t = stream.index(below: j + 1)
                chosen.insert(chosen.contains(t) ? j : t)
            }
            return chosen.sorted().map(gridCell)
        }
        // Ranges (or a grid too large to index): each key drawn independently, in draw order.
        var seen = Set<String>(), result: [[SweepAssignment]] = []
        for _ in 0..<count {
            let cell = variations.map { SweepAssignment(key: $0.key, value: draw($0.domain, from: stream)) }
            if seen.insert(SweepCell.id(of: cell)).inserted { result.append(cell) }
        }
        return result
    }

    private static func draw(_ domain: SweepVariation.Domain, from stream: RandomStream) -> String {
        switch domain {
        case .values(let values):
            return values[stream.index(below: values.count)]
        case .range(let low, let high, let logarithmic, let integer):
            let u = stream.uniform()
            if integer, !logarithmic {
                return String(Int(low) + Int(u * (high - low + 1)))
            }
            let value = logarithmic ? exp(log(low) + u * (log(high) - log(low))) : low + u * (high - low)
            if integer { return String(Int(min(high, max(low, value.rounded())))) }
            // Four significant digits: readable labels, and the text is the cell's definition.
            return String(format: "%.4g", value)
        }
    }

    /// FNV-1a over the scenario file, every data file and every grader the cells use.
    static func contentHash(file: String, cells: [SweepCell]) throws(SweepError) -> String {
        var hash = SweepHash()
        do {
            hash.combine(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw SweepError(.io, "cannot read \(file): \(error.localizedDescription)")
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL.path + "/"
        var files = Set<String>(), graders = Set<String>()
        for cell in cells {
            files.insert(cell.scenario.trainingFile.standardizedFileURL.path)
            if let validation = cell.scenario.validationFile { files.insert(validation.standardizedFileURL.path) }
            if let grader = cell.scenario.graderJSON { graders.insert(grader.jsonText) }
            if let gold = cell.scenario.simulation.goldGrader, let data = try? Self.sortedEncoder.encode(gold) {
                graders.insert(String(decoding: data, as: UTF8.self))
            }
        }
        // Relative names, so the same scenario in another folder hashes the same.
        for path in files.sorted(by: { $0.replacingOccurrences(of: folder, with: "") < $1.replacingOccurrences(of: folder, with: "") }) {
            hash.combine(path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : path)
            do {
                hash.combine(try Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw SweepError(.io, "cannot read \(path): \(error.localizedDescription)")
            }
        }
        for grader in graders.sorted() { hash.combine(grader) }
        return hash.hex
    }

    static var sortedEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
