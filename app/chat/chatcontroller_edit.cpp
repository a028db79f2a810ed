// ChatController: editing a user message. The edit is a new sibling of the original
// question in the history tree (HistoryStore::addSibling), so nothing is lost: the
// old question and its answers stay reachable through the "‹ 1/2 ›" switcher.
#include "chatcontroller.h"

namespace siliang::app {

using history::HistoryError;

void ChatController::editMessage(int row, const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || generating_ || !store_ || row < 0 || row >= messages_.rowCount())
        return;
    const MessageListModel::Row& original = messages_.at(row);
    if (original.role != QLatin1String("user") || original.id == 0) return;
    if (!modelLoaded()) {
        setError(tr("Load a model before sending a message."));
        return;
    }
    qint64 editedId = 0;
    try {
        history::NewMessage message;
        message.role = history::Role::User;
        message.content = trimmed;
        editedId = store_->addSibling(original.id, message);
    } catch (const HistoryError& e) {
        setError(tr("The edited message could not be saved: %1").arg(e.message()));
        return;
    }
    // The active branch now ends at the edited question; its answer streams below it.
    reloadMessages();
    startGeneration(editedId);
    reloadConversations();
}

}  // namespace siliang::app
