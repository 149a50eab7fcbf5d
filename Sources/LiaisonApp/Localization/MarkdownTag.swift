import Leaf
import LeafKit
import LiaisonCore

/// `#markdown(text)`: Markdown rendered by `Markdown.html`, which escapes every character of its input and emits
/// only its own tags. This is the one place the templates output HTML unescaped.
struct MarkdownTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        .string(Markdown.html(ctx.parameters.first?.string ?? ""))
    }
}
