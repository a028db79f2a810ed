// ChatController: the settings a turn is generated with.
#include <QRandomGenerator>

#include "chatcontroller.h"

namespace siliang::app {

QVariantMap ChatController::generationSettings() const {
    QVariantMap settings = preferences_.effectiveSettings().toMap();
    // showReasoning only changes what the view shows.
    settings.remove(QStringLiteral("showReasoning"));
    // --max-tokens on the command line (demos, screenshots) wins over the settings.
    if (maxTokens_ >= 0) settings.insert(QStringLiteral("maxTokens"), maxTokens_);
    // A fresh seed each turn, so that Regenerate gives another answer.
    settings.insert(QStringLiteral("seed"),
                    QVariant::fromValue(QRandomGenerator::global()->generate64()));
    return settings;
}

}  // namespace siliang::app
