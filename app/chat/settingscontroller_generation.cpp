// SettingsController: the generation defaults and one conversation's overrides.
// Overrides are stored in the conversation's settings JSON under the same keys as
// GenerationSettings::toMap(); other keys in that JSON (someone else's) are kept.
// The system prompt override is also written to the conversation's system_prompt
// column, which exports and other readers of the store see.
#include <QJsonObject>
#include <QJsonValue>

#include "historystore.h"
#include "settingscontroller.h"

namespace siliang::app {

bool SettingsController::setDefault(const QString& key, const QVariant& value) {
    const CheckedSetting checked = checkGenerationSetting(key, value, contextLimit());
    setMessage(checked.message);
    if (!checked.accepted) return false;
    defaults_ = defaults_.merged({{key, checked.value}});
    save(QStringLiteral("generation/") + key, checked.value);
    emit defaultsChanged();
    emit effectiveChanged();
    return true;
}

GenerationSettings SettingsController::effectiveSettings() const {
    return defaults_.merged(overrides_);
}

bool SettingsController::setOverride(const QString& key, const QVariant& value) {
    const CheckedSetting checked = checkGenerationSetting(key, value, contextLimit());
    setMessage(checked.message);
    if (!checked.accepted) return false;
    QVariantMap next = overrides_;
    next.insert(key, checked.value);
    return saveOverrides(next);
}

void SettingsController::resetOverride(const QString& key) {
    if (!overrides_.contains(key)) return;
    QVariantMap next = overrides_;
    next.remove(key);
    saveOverrides(next);
}

void SettingsController::resetOverrides() {
    if (overrides_.isEmpty()) return;
    saveOverrides({});
}

void SettingsController::setStore(history::HistoryStore* store) {
    store_ = store;
    loadOverrides();
}

void SettingsController::setConversation(qint64 conversationId) {
    if (conversationId == conversationId_) return;
    conversationId_ = conversationId;
    loadOverrides();
}

void SettingsController::loadOverrides() {
    QVariantMap loaded;
    if (store_ && conversationId_ != 0) {
        try {
            if (const auto c = store_->conversation(conversationId_)) {
                for (const QString& key : generationKeys()) {
                    if (key == QLatin1String("systemPrompt") || !c->settings.contains(key))
                        continue;
                    const CheckedSetting checked =
                        checkGenerationSetting(key, c->settings.value(key).toVariant(), 0);
                    if (checked.accepted) loaded.insert(key, checked.value);
                }
                if (c->settings.contains(QStringLiteral("systemPrompt")) ||
                    !c->systemPrompt.isEmpty())
                    loaded.insert(QStringLiteral("systemPrompt"), c->systemPrompt);
            }
        } catch (const history::HistoryError& e) {
            setMessage(e.message());
        }
    }
    const bool changed = loaded != overrides_;
    overrides_ = loaded;
    if (!changed) return;
    emit overridesChanged();
    emit effectiveChanged();
}

bool SettingsController::saveOverrides(const QVariantMap& next) {
    if (store_ && conversationId_ != 0) {
        try {
            const auto c = store_->conversation(conversationId_);
            if (!c) {
                setMessage(tr("This conversation no longer exists."));
                return false;
            }
            QJsonObject json = c->settings;
            for (const QString& key : generationKeys()) json.remove(key);
            for (auto it = next.begin(); it != next.end(); ++it)
                json.insert(it.key(), QJsonValue::fromVariant(it.value()));
            store_->setModelSettings(conversationId_, c->model,
                                     next.value(QStringLiteral("systemPrompt")).toString(), json);
        } catch (const history::HistoryError& e) {
            setMessage(tr("The conversation settings could not be saved: %1").arg(e.message()));
            return false;
        }
    }
    overrides_ = next;
    emit overridesChanged();
    emit effectiveChanged();
    return true;
}

void SettingsController::fillNewConversation(history::NewConversation& init) const {
    if (conversationId_ != 0) return;
    for (auto it = overrides_.begin(); it != overrides_.end(); ++it)
        init.settings.insert(it.key(), QJsonValue::fromVariant(it.value()));
    init.systemPrompt = overrides_.value(QStringLiteral("systemPrompt")).toString();
}

}  // namespace siliang::app
