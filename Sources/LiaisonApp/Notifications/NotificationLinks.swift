import Foundation
import LiaisonCore
import LiaisonData

/// The page a notification leads to, made from its subject's kind and id with the routes of this layer.
enum NotificationLinks {
    static func link(to subject: NotificationSubject?) -> String {
        guard let subject else { return HomeRoutes.home.link() }
        switch subject.kind {
        case .request:
            let page = RequestRoutes.show.link(subject.id)
            guard let message = subject.messageID else { return page }
            return page + "#m-" + message.uuidString
        case .calendar:
            return CalendarRoutes.show.link(subject.id)
        case .webhook:
            return HookRoutes.webhook.link(subject.id)
        case .robot:
            return HookRoutes.robot.link(subject.id)
        case .requirement:
            return RequirementRoutes.show.link(subject.id)
        case .communicationPlan:
            return CommunicationPlanRoutes.page.link(subject.id)
        case .workPlan:
            return WorkPlanRoutes.page.link(subject.id)
        case .improvement:
            return ImprovementRoutes.page.link() + "#ia-" + subject.id.idText
        case .changeRequests:
            return ChangeRequestRoutes.page.link(subject.id)
        case .commitment:
            return CommitmentRoutes.page.link() + "?scope=all#commitment-" + subject.id.idText
        case .customer:
            return CustomerRoutes.show.link(subject.id)
        }
    }
}
