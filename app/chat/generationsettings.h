// GenerationSettings: what one chat turn is generated with (sampling, length,
// context, system prompt, reasoning shown), the ranges each value is checked
// against, and the map form that the settings page, the history store's
// per-conversation JSON and EngineWorker::generate all use (keys below).
#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

namespace siliang::app {

struct GenerationSettings {
    double temperature = 0.8;
    int topK = 40;
    double topP = 0.95;
    double minP = 0.05;
    double repeatPenalty = 1.0;
    int maxTokens = -1;  // -1: until the model ends the answer or the context is full
    int contextSize = 4096;
    QString systemPrompt;  // empty: none
    bool showReasoning = true;

    // Keys: temperature, topK, topP, minP, repeatPenalty, maxTokens, contextSize,
    // systemPrompt, showReasoning.
    QVariantMap toMap() const;
    // A copy with the values `overrides` names replaced (keys it does not name, or
    // values of the wrong type, leave the field as it is: check them first).
    GenerationSettings merged(const QVariantMap& overrides) const;
};

// Every key GenerationSettings knows, in the order the settings page shows them.
const QStringList& generationKeys();

// Largest context offered when no model is loaded to say what it was trained for.
constexpr int kDefaultContextLimit = 131072;
constexpr int kMinContext = 256;
constexpr int kMaxTokensLimit = 1 << 20;

struct CheckedSetting {
    bool accepted = false;  // false: unknown key or a value of the wrong kind
    QVariant value;         // the value to store (clamped into range) when accepted
    QString message;        // why it was rejected or changed; empty when taken as given
};

// Checks one setting: numbers outside their range are clamped (with a message
// saying so), text that is not a number and unknown keys are rejected.
// `contextLimit` is the most context the loaded model supports (0: unknown).
CheckedSetting checkGenerationSetting(const QString& key, const QVariant& value, int contextLimit);

}  // namespace siliang::app
