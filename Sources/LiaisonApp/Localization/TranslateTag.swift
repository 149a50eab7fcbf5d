import Leaf
import LeafKit
import LiaisonCore

/// `#t("key")` or `#t("key", value0, value1)` in templates: the catalog text in the page's language.
///
/// The page's language is the `locale` value every page context carries. The output is HTML-escaped like any
/// `#(value)`, so values from users are safe inside it.
struct TranslateTag: LeafTag {
    let catalog: Catalog

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw LeafError(.unknownError("#t() needs a catalog key"))
        }
        let locale = ctx.data["locale"]?.string.flatMap(AppLocale.init(rawValue:)) ?? .zhHans
        let values = ctx.parameters.dropFirst().map { $0.string ?? "" }
        return .string(catalog.text(key, locale, values))
    }
}
