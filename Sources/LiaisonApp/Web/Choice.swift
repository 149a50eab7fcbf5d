/// A choice in a select, radio group or checkbox list of a page model.
struct Choice: Encodable {
    var value: String
    var label: String
    var selected: Bool
}
