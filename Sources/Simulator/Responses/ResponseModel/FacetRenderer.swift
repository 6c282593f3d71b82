internal import Foundation
internal import Graders

/// Renders a ``FacetSpace``'s combinations for items: `{{facet.NAME}}` first (repeatedly, so
/// values may nest other facets), then `{{item.PATH}}` with the Graders ``Template``.
struct FacetRenderer {
    let space: FacetSpace

    /// The names in `{{facet.NAME}}` placeholders of `text` (spaces inside braces allowed).
    static func facetNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let inside = rest[open.upperBound..<close.lowerBound].strippingScalars(" \t\n")
            if inside.hasPrefix("facet.") { names.append(String(inside.dropFirst(6))) }
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// Every combination as one value index per facet, the last facet varying fastest.
    var combinations: [[Int]] {
        var result: [[Int]] = [[]]
        for facet in space.facets {
            result = result.flatMap { prefix in facet.values.indices.map { prefix + [$0] } }
        }
        return result
    }

    /// The kind of a combination.
    func kind(of combination: [Int]) -> CandidateKind {
        .facets(zip(space.facets, combination).map { CandidateKind.FacetChoice(facet: $0.name, value: $0.values[$1].label) })
    }

    /// The combination's answer for `item` (its index `itemIndex` names the item in errors).
    func render(_ combination: [Int], item: JSONValue, itemIndex: Int) throws(SimulatorError) -> String {
        var text = space.template
        for _ in 0...space.facets.count {
            guard text.contains("{{facet.") || text.contains("{{ facet.") else { break }
            text = substituteFacets(in: text, combination)
        }
        do {
            return try Template.render(text, TemplateContext(item: item, sample: Sample(outputText: "")))
        } catch {
            throw .invalid("dataset[\(itemIndex)]", "the facet template does not render for item \(itemIndex): \(error.message)")
        }
    }

    private func substituteFacets(in text: String, _ combination: [Int]) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let inside = rest[open.upperBound..<close.lowerBound].strippingScalars(" \t\n")
            output += rest[..<open.lowerBound]
            if inside.hasPrefix("facet."), let index = space.facets.firstIndex(where: { $0.name == inside.dropFirst(6) }) {
                output += space.facets[index].values[combination[index]].text
            } else {
                output += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set` (no Foundation needed).
    func strippingScalars(_ set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        let view = unicodeScalars
        guard let start = view.firstIndex(where: { !scalars.contains($0) }) else { return "" }
        let end = view.lastIndex(where: { !scalars.contains($0) })!
        return String(String.UnicodeScalarView(view[start...end]))
    }
}
