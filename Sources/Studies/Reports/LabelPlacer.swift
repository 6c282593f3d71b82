/// Places point labels of a scatter chart so that they overlap neither each other nor the dots.
///
/// Greedy and deterministic: each label tries a fixed list of places around its point (above
/// right, above left, below right, below left, then further out) and takes the first that is
/// inside the plot and free; labels placed earlier win. Text sizes are estimated
/// (``SVGMarkup/estimatedWidth(_:fontSize:)``), so the margins are generous.
struct LabelPlacer {
    /// Where a label goes: the text's anchor point and alignment.
    struct Placement: Equatable {
        var x: Double, y: Double, anchor: String
    }

    private struct Box {
        var left: Double, top: Double, right: Double, bottom: Double
        func overlaps(_ other: Box) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }
    }

    private let bounds: Box
    private var taken: [Box]

    /// - Parameters:
    ///   - bounds: The area labels must stay in (left, top, right, bottom), in SVG coordinates.
    ///   - dots: Every point's centre; a label never covers one.
    init(bounds: (left: Double, top: Double, right: Double, bottom: Double), dots: [(x: Double, y: Double)]) {
        self.bounds = Box(left: bounds.left, top: bounds.top, right: bounds.right, bottom: bounds.bottom)
        self.taken = dots.map { Box(left: $0.x - 4.5, top: $0.y - 4.5, right: $0.x + 4.5, bottom: $0.y + 4.5) }
    }

    /// Finds a free place for `label` next to `point` and reserves it.
    ///
    /// - Parameter required: When no place is free, use the first one that fits the bounds (or the
    ///   first of all) instead of giving up.
    /// - Returns: The placement, or nil when none is free and the label is not required.
    mutating func place(_ label: String, at point: (x: Double, y: Double), required: Bool) -> Placement? {
        let width = SVGMarkup.estimatedWidth(label) + 2
        var firstInside: (Placement, Box)?
        for (dx, dy) in Self.offsets {
            let anchor = dx >= 0 ? "start" : "end"
            let x = point.x + dx
            let y = point.y + dy
            let box = Box(left: dx >= 0 ? x - 1 : x - width, top: y - 11, right: dx >= 0 ? x + width : x + 1, bottom: y + 3)
            guard box.left >= bounds.left, box.right <= bounds.right, box.top >= bounds.top, box.bottom <= bounds.bottom else {
                continue
            }
            let placement = Placement(x: x, y: y, anchor: anchor)
            if firstInside == nil { firstInside = (placement, box) }
            if !taken.contains(where: box.overlaps) {
                taken.append(box)
                return placement
            }
        }
        guard required else { return nil }
        if let (placement, box) = firstInside {
            taken.append(box)
            return placement
        }
        let (dx, dy) = Self.offsets[0]
        return Placement(x: point.x + dx, y: point.y + dy, anchor: "start")
    }

    /// Offsets of the text's anchor from the point, in order of preference.
    private static let offsets: [(Double, Double)] = [
        (7, -7), (-7, -7), (7, 15), (-7, 15),
        (7, -21), (-7, -21), (7, 29), (-7, 29),
        (7, -35), (-7, -35), (7, 43), (-7, 43),
    ]
}
