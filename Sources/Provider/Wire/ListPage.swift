/// A cursor-paginated list, `{"object": "list", "data": [...], "has_more": ...}`.
///
/// The files and checkpoints lists also carry `first_id` and `last_id`; the jobs and events lists
/// do not (openai-finetuning-api.md §1.4, §1.9), so those two keys are written only when
/// ``includesBounds`` is set.
public struct ListPage<Element: WireObject>: WireObject {
    /// The page, in the list's order.
    public var data: [Element]
    /// Whether more elements follow the last one.
    public var hasMore: Bool
    /// The ids of the first and last element, when the list reports them.
    public var firstID: String?, lastID: String?
    /// Whether `first_id`/`last_id` are part of this list's shape.
    public var includesBounds: Bool

    /// Creates a page.
    public init(data: [Element], hasMore: Bool, firstID: String? = nil, lastID: String? = nil, includesBounds: Bool = false) {
        self.data = data
        self.hasMore = hasMore
        self.firstID = firstID
        self.lastID = lastID
        self.includesBounds = includesBounds
    }
}

/// Cursor pagination over an ordered collection: the elements after the one whose id is
/// `after`, at most `limit` of them.
enum Pagination {
    /// - Throws: 400 naming `limit` when it is out of `1...maximum`; 404-like 400 naming `after`
    ///   is not raised: an unknown cursor gives an empty page, as list endpoints tolerate stale cursors.
    static func page<T>(_ elements: [T], id: (T) -> String, after: String?, limit: Int?, defaultLimit: Int,
                        maximum: Int = 10_000) throws(ProviderError) -> (items: ArraySlice<T>, hasMore: Bool) {
        let limit = limit ?? defaultLimit
        guard (1...maximum).contains(limit) else {
            throw .invalid("limit must be between 1 and \(maximum), got \(limit)", param: "limit")
        }
        var start = elements.startIndex
        if let after {
            guard let position = elements.firstIndex(where: { id($0) == after }) else {
                return (elements[elements.endIndex...], false)
            }
            start = position + 1
        }
        let end = min(start + limit, elements.endIndex)
        return (elements[start..<end], end < elements.endIndex)
    }
}
