@testable import Studies
import Testing

struct LabelPlacerTests {
    /// The box a placed label covers, as the placer estimates it.
    private func box(_ label: String, _ placement: LabelPlacer.Placement) -> (Double, Double, Double, Double) {
        let width = SVGMarkup.estimatedWidth(label) + 2
        let left = placement.anchor == "start" ? placement.x - 1 : placement.x - width
        return (left, placement.y - 11, left + width + 1, placement.y + 3)
    }

    @Test func crowdedLabelsDoNotOverlapEachOtherOrTheDots() {
        // Twelve points on one line 15 px apart, as when every cell reaches the target with P = 1.
        let dots = (0..<12).map { (x: 100 + 15 * Double($0), y: 200.0) }
        var placer = LabelPlacer(bounds: (66, 20, 836, 380), dots: dots)
        var boxes: [(Double, Double, Double, Double)] = []
        var placed = 0
        for (number, dot) in dots.enumerated() {
            let label = "\(number) · grpo"
            guard let placement = placer.place(label, at: dot, required: number == 0) else { continue }
            placed += 1
            let mine = box(label, placement)
            for other in boxes {
                #expect(!(mine.0 < other.2 && other.0 < mine.2 && mine.1 < other.3 && other.1 < mine.3), "\(label) overlaps")
            }
            for other in dots {
                #expect(!(mine.0 < other.x + 4.5 && other.x - 4.5 < mine.2 && mine.1 < other.y + 4.5 && other.y - 4.5 < mine.3))
            }
            boxes.append(mine)
        }
        #expect(placed >= 6)  // most get a place; the rest keep their tooltip
    }

    @Test func aRequiredLabelIsAlwaysPlacedAndStaysInside() {
        var placer = LabelPlacer(bounds: (66, 20, 836, 380), dots: [(x: 830, y: 25)])
        let first = placer.place("Pareto point", at: (830, 25), required: true)
        #expect(first == LabelPlacer.Placement(x: 823, y: 40, anchor: "end"))  // below left: above and right are outside
        // The same place again is taken, so an optional label gives up only when every place is.
        var crowded = LabelPlacer(bounds: (0, 0, 60, 30), dots: [(x: 30, y: 15)])
        #expect(crowded.place("a long label that fits nowhere", at: (30, 15), required: false) == nil)
        #expect(crowded.place("a long label that fits nowhere", at: (30, 15), required: true) != nil)
    }
}
