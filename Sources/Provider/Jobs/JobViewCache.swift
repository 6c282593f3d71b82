/// What a job's client view depends on besides the record's constant fields: the record's
/// revision, the timeline segment in force, and (for RFT, whose `usage_metrics` show training
/// seconds) τ. Equal keys give byte-identical JSON; see ``JobRecord/viewKey(at:)``.
struct JobViewKey: Hashable, Sendable {
    /// ``JobRecord/revision``: bumped whenever the timeline changes (pause, resume, cancel, outcome).
    var revision: Int
    /// The timeline segment in force.
    var segment: Int
    /// τ's bit pattern for RFT jobs (0 for others), so `-0.0` and `0.0` never share an entry.
    var tauBits: UInt64
}

/// The JSON text of recently read job views, so polling a job whose visible state has not
/// changed skips building the view and writing its JSON (`GET /v1/fine_tuning/jobs/{id}`).
///
/// One entry per job, at most ``capacity`` jobs: when full it starts again empty (clients poll a
/// few jobs; clearing costs one rebuild per job, and needs no recency bookkeeping on every hit).
struct JobViewCache: Sendable {
    private struct Entry: Sendable {
        var key: JobViewKey
        var text: String
    }

    /// The most jobs whose text is kept.
    let capacity: Int
    private var entries: [String: Entry] = [:]

    /// Creates an empty cache holding at most `capacity` jobs.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// How many jobs have a cached text.
    var count: Int { entries.count }

    /// The text cached for `jobID` under `key`, or the one `build` writes (then cached).
    mutating func text(jobID: String, key: JobViewKey, build: () -> String) -> String {
        if let entry = entries[jobID], entry.key == key { return entry.text }
        let text = build()
        if entries[jobID] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[jobID] = Entry(key: key, text: text)
        return text
    }

    /// Forgets every entry (a reset: job ids and revisions start again).
    mutating func removeAll() {
        entries.removeAll()
    }
}
