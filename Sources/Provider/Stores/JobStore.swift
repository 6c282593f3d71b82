/// The jobs, in creation order, with the lookups and caches that serve them: by tuned-model
/// name, by results-file id, shared response models, recently used plan details and job JSON.
struct JobStore: Sendable {
    private var byID: [String: JobRecord] = [:]
    /// Job ids in creation order.
    private var order: [String] = []
    /// Job id by fine-tuned model name (`ft:…`), assigned at creation.
    private var byTunedModel: [String: String] = [:]
    /// Job id by its results file id.
    private var byResultFile: [String: String] = [:]
    /// Response models shared by jobs on the same files and grader (pure functions of them).
    var responseModels: [ResponseModelKey: SharedResponseModel] = [:]
    /// Recently used plan details (events' data, results CSV), least recently used first.
    private var planDetails: [String: JobPlanDetail] = [:]
    private var planDetailOrder: [String] = []
    /// The JSON of recently polled jobs, by job id (`GET /v1/fine_tuning/jobs/{id}`).
    var views = JobViewCache(capacity: JobStore.viewCapacity)

    /// How many plan details stay cached.
    static let planDetailCapacity = 32
    /// How many jobs' JSON stays cached (1–2 KB each).
    static let viewCapacity = 1024

    /// The job `id`; setting replaces a job already inserted.
    subscript(id: String) -> JobRecord? {
        get { byID[id] }
        set {
            precondition(newValue == nil || byID[id] != nil, "insert(_:) adds a job; the subscript only replaces one")
            byID[id] = newValue
        }
    }

    /// Every job, oldest first.
    var all: [JobRecord] { order.compactMap { byID[$0] } }

    /// Adds a new job and indexes its tuned-model name and results file.
    mutating func insert(_ record: JobRecord) {
        byID[record.id] = record
        order.append(record.id)
        byTunedModel[record.fineTunedModel] = record.id
        byResultFile[record.resultFileID] = record.id
    }

    /// The job whose fine-tuned model is `name` (without a checkpoint suffix).
    func record(tunedModel name: String) -> JobRecord? { byTunedModel[name].flatMap { byID[$0] } }

    /// The job whose results file is `id`.
    func record(resultFile id: String) -> JobRecord? { byResultFile[id].flatMap { byID[$0] } }

    /// A plan's detail, recomputed at most once while it stays among the recently used ones.
    mutating func planDetail(of record: JobRecord) -> JobPlanDetail? {
        guard let plan = record.plan else { return nil }
        if let cached = planDetails[record.id] {
            planDetailOrder.removeAll { $0 == record.id }
            planDetailOrder.append(record.id)
            return cached
        }
        let detail = plan.detail()
        planDetails[record.id] = detail
        planDetailOrder.append(record.id)
        if planDetailOrder.count > Self.planDetailCapacity {
            planDetails[planDetailOrder.removeFirst()] = nil
        }
        return detail
    }
}
