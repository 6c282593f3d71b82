/// The runner's record of which grader sources the current worker has compiled, under which ids.
///
/// The worker keeps each compiled source under an integer id that the runner chooses. The runner
/// sends a source's text only the first time; afterwards the request names the id. This type
/// decides the ids and, when more than `capacity` sources are live, which least recently used
/// ones the worker must drop (the request lists them), so that both sides always agree on the
/// worker's cache without the worker hashing or receiving large sources on every call.
struct PythonSourceCache {
    /// What a request must tell the worker about its source.
    struct Entry: Equatable {
        /// The id the worker knows (or will know) the source by.
        var id: Int
        /// Whether the worker has not seen the source yet, so that the request must carry it.
        var isNew: Bool
        /// Ids the worker must forget before handling the request.
        var evicted: [Int]
    }

    /// How many sources the worker keeps compiled at most.
    let capacity: Int
    private var ids: [String: Int] = [:]
    private var sources: [Int: String] = [:]
    /// Live ids, least recently used first.
    private var recency: [Int] = []
    private var nextID = 0

    /// A cache that keeps at most `capacity` sources (at least one).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many sources the worker holds.
    var count: Int { recency.count }

    /// Forgets everything: the worker it described is gone.
    mutating func reset() {
        ids.removeAll()
        sources.removeAll()
        recency.removeAll()
    }

    /// Marks `source` as used by the next request.
    ///
    /// - Parameter source: a grader's source text.
    /// - Returns: the source's id, whether it is new to the worker, and the ids to evict.
    /// - Complexity: O(`capacity`) plus hashing `source`.
    mutating func use(_ source: String) -> Entry {
        if let id = ids[source] {
            if let index = recency.firstIndex(of: id) { recency.remove(at: index) }
            recency.append(id)
            return Entry(id: id, isNew: false, evicted: [])
        }
        var evicted: [Int] = []
        while recency.count >= capacity {
            let stale = recency.removeFirst()
            if let text = sources.removeValue(forKey: stale) { ids[text] = nil }
            evicted.append(stale)
        }
        nextID += 1
        ids[source] = nextID
        sources[nextID] = source
        recency.append(nextID)
        return Entry(id: nextID, isNew: true, evicted: evicted)
    }
}
