import Foundation
import LiaisonCore

extension TimelineEntry {
    /// The page an entry leads to: the interaction, the request, or the message on its request's page.
    var link: String {
        switch kind {
        case .interaction: InteractionRoutes.show.link(refID)
        case .request: RequestRoutes.show.link(refID)
        case .requestMessage: RequestRoutes.show.link(refID) + "#m-" + id.uuidString
        case .project: ProjectRoutes.show.link(refID)
        }
    }
}
