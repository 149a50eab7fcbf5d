/// A choice in a select, radio group or checkbox list of a page model.
struct Choice: Encodable {
    var value: String
    var label: String
    var selected: Bool
    /// For a picker filtering its own options: what the label is also typed as (`NameKeys.typingKeys`).
    var keys: String?
    /// Shown beside the label in a picker's list.
    var detail: String?

    init(value: String, label: String, selected: Bool, keys: String? = nil, detail: String? = nil) {
        self.value = value
        self.label = label
        self.selected = selected
        self.keys = keys
        self.detail = detail
    }
}
