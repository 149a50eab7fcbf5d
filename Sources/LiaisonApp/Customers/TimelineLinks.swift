import Foundation
import LiaisonCore
import Vapor

extension TimelineEntry {
    /// The page an entry leads to: the interaction, the request, the message on its request's page, the project or
    /// the requirement.
    var link: String {
        switch kind {
        case .interaction: InteractionRoutes.show.link(refID)
        case .request: RequestRoutes.show.link(refID)
        case .requestMessage: RequestRoutes.show.link(refID) + "#m-" + id.uuidString
        case .project: ProjectRoutes.show.link(refID)
        case .requirement: RequirementRoutes.show.link(refID)
        case .meeting: MeetingRoutes.show.link(refID)
        case .commitment: CommitmentRoutes.page.link() + "?scope=all#commitment-" + refID.idText
        }
    }
}

extension Request {
    /// The timeline's kinds of entries this reader may not see: requirements without `requirementsView`.
    var hiddenTimelineKinds: Set<TimelineEntry.Kind> {
        get throws { try person.can(.requirementsView) ? [] : [.requirement] }
    }
}
