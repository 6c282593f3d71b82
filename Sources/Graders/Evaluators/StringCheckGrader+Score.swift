import Foundation

extension StringCheckGrader {
    /// 1 or 0 for the rendered input and reference.
    ///
    /// Comparisons are by Unicode code points, as the platform's Python does (so a precomposed
    /// "é" differs from "e" + combining accent); `ilike` lowercases both sides first.
    ///
    /// - Throws: ``TemplateError`` when a template variable does not resolve.
    public func score(_ context: TemplateContext) throws(TemplateError) -> Double {
        let input = try inputTemplate.render(context)
        let reference = try referenceTemplate.render(context)
        return Self.compare(input, reference, operation) ? 1 : 0
    }

    static func compare(_ input: String, _ reference: String, _ operation: Operation) -> Bool {
        switch operation {
        case .eq: sameCodePoints(input, reference)
        case .ne: !sameCodePoints(input, reference)
        case .like: containsScalars(input, reference)
        case .ilike: containsScalars(input.lowercased(), reference.lowercased())
        }
    }

    /// Python's `a == b`: equal code points, which is equal UTF-8 bytes (Swift's `==` would also
    /// equate canonically equivalent strings).
    static func sameCodePoints(_ first: String, _ second: String) -> Bool {
        var first = first
        var second = second
        return first.withUTF8 { a in
            second.withUTF8 { b in a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }

    /// Python's `needle in haystack`: a code-point substring search (the empty string is in
    /// every string).
    static func containsScalars(_ haystack: String, _ needle: String) -> Bool {
        // Fast path: UTF-8 bytes compare exactly as code points do.
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count else { return false }
                guard let first = n.first else { return true }
                var start = 0
                let last = h.count - n.count
                while start <= last {
                    if h[start] == first && memcmp(h.baseAddress! + start, n.baseAddress!, n.count) == 0 { return true }
                    start += 1
                }
                return false
            }
        }
    }
}
