/// A list the control API answers with, in the platform's list shape
/// (`{"object": "list", "data": [...], "has_more": false}`) for rules and log entries, which are
/// not wire objects of the platform and so cannot go in the provider's `ListPage`.
struct ControlList<Element: Encodable>: Encodable {
    var data: [Element]

    private enum CodingKeys: String, CodingKey { case object, data, hasMore = "has_more" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("list", forKey: .object)
        try container.encode(data, forKey: .data)
        try container.encode(false, forKey: .hasMore)
    }
}
