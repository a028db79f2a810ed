#include "generationsettings.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace siliang::app {

namespace {

// The name the user sees in a message about `key`.
QString label(const QString& key) {
    if (key == QLatin1String("temperature"))
        return QCoreApplication::translate("GenerationSettings", "Temperature");
    if (key == QLatin1String("topK"))
        return QCoreApplication::translate("GenerationSettings", "Top-k");
    if (key == QLatin1String("topP"))
        return QCoreApplication::translate("GenerationSettings", "Top-p");
    if (key == QLatin1String("minP"))
        return QCoreApplication::translate("GenerationSettings", "Min-p");
    if (key == QLatin1String("repeatPenalty"))
        return QCoreApplication::translate("GenerationSettings", "Repeat penalty");
    if (key == QLatin1String("maxTokens"))
        return QCoreApplication::translate("GenerationSettings", "Max tokens");
    if (key == QLatin1String("contextSize"))
        return QCoreApplication::translate("GenerationSettings", "Context size");
    if (key == QLatin1String("systemPrompt"))
        return QCoreApplication::translate("GenerationSettings", "System prompt");
    return QCoreApplication::translate("GenerationSettings", "Show reasoning");
}

// A number from what QML, JSON or QSettings (INI files give text) hands over.
bool toNumber(const QVariant& value, double* out) {
    if (!value.isValid() || value.isNull()) return false;
    const int type = value.metaType().id();
    if (type == QMetaType::QString) {
        bool ok = false;
        *out = value.toString().trimmed().toDouble(&ok);
        return ok && std::isfinite(*out);
    }
    if (!value.canConvert<double>()) return false;
    bool ok = false;
    *out = value.toDouble(&ok);
    return ok && std::isfinite(*out);
}

CheckedSetting rejected(const QString& message) {
    CheckedSetting out;
    out.message = message;
    return out;
}

CheckedSetting inRange(const QString& key, double number, double low, double high, bool integer) {
    CheckedSetting out;
    out.accepted = true;
    double v = integer ? std::round(number) : number;
    if (v < low || v > high) {
        v = std::clamp(v, low, high);
        out.message =
            QCoreApplication::translate("GenerationSettings",
                                        "%1 must be between %2 and %3; it is now %4.")
                .arg(label(key), QString::number(low), QString::number(high), QString::number(v));
    }
    out.value = integer ? QVariant(static_cast<int>(v)) : QVariant(v);
    return out;
}

}  // namespace

const QStringList& generationKeys() {
    static const QStringList keys{QStringLiteral("temperature"),   QStringLiteral("topK"),
                                  QStringLiteral("topP"),          QStringLiteral("minP"),
                                  QStringLiteral("repeatPenalty"), QStringLiteral("maxTokens"),
                                  QStringLiteral("contextSize"),   QStringLiteral("systemPrompt"),
                                  QStringLiteral("showReasoning")};
    return keys;
}

QVariantMap GenerationSettings::toMap() const {
    return {{QStringLiteral("temperature"), temperature},
            {QStringLiteral("topK"), topK},
            {QStringLiteral("topP"), topP},
            {QStringLiteral("minP"), minP},
            {QStringLiteral("repeatPenalty"), repeatPenalty},
            {QStringLiteral("maxTokens"), maxTokens},
            {QStringLiteral("contextSize"), contextSize},
            {QStringLiteral("systemPrompt"), systemPrompt},
            {QStringLiteral("showReasoning"), showReasoning}};
}

GenerationSettings GenerationSettings::merged(const QVariantMap& overrides) const {
    GenerationSettings out = *this;
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        const QString& key = it.key();
        const QVariant& v = it.value();
        double number = 0;
        const bool isNumber = toNumber(v, &number);
        if (key == QLatin1String("systemPrompt")) {
            out.systemPrompt = v.toString();
        } else if (key == QLatin1String("showReasoning")) {
            out.showReasoning = v.toBool();
        } else if (!isNumber) {
            continue;
        } else if (key == QLatin1String("temperature")) {
            out.temperature = number;
        } else if (key == QLatin1String("topK")) {
            out.topK = static_cast<int>(std::lround(number));
        } else if (key == QLatin1String("topP")) {
            out.topP = number;
        } else if (key == QLatin1String("minP")) {
            out.minP = number;
        } else if (key == QLatin1String("repeatPenalty")) {
            out.repeatPenalty = number;
        } else if (key == QLatin1String("maxTokens")) {
            out.maxTokens = static_cast<int>(std::lround(number));
        } else if (key == QLatin1String("contextSize")) {
            out.contextSize = static_cast<int>(std::lround(number));
        }
    }
    return out;
}

CheckedSetting checkGenerationSetting(const QString& key, const QVariant& value, int contextLimit) {
    if (!generationKeys().contains(key))
        return rejected(
            QCoreApplication::translate("GenerationSettings", "Unknown setting “%1”.").arg(key));
    if (key == QLatin1String("systemPrompt")) {
        if (!value.canConvert<QString>() || value.metaType().id() == QMetaType::QVariantMap ||
            value.metaType().id() == QMetaType::QVariantList)
            return rejected(QCoreApplication::translate("GenerationSettings", "%1 must be text.")
                                .arg(label(key)));
        CheckedSetting out;
        out.accepted = true;
        out.value = value.toString();
        return out;
    }
    if (key == QLatin1String("showReasoning")) {
        const int type = value.metaType().id();
        const QString text = value.toString().trimmed().toLower();
        const bool isBool = type == QMetaType::Bool ||
                            (type == QMetaType::QString &&
                             (text == QLatin1String("true") || text == QLatin1String("false")));
        if (!isBool)
            return rejected(
                QCoreApplication::translate("GenerationSettings", "%1 must be on or off.")
                    .arg(label(key)));
        CheckedSetting out;
        out.accepted = true;
        out.value = type == QMetaType::Bool ? value.toBool() : text == QLatin1String("true");
        return out;
    }
    double number = 0;
    if (!toNumber(value, &number))
        return rejected(QCoreApplication::translate("GenerationSettings", "%1 must be a number.")
                            .arg(label(key)));
    if (key == QLatin1String("temperature")) return inRange(key, number, 0, 2, false);
    if (key == QLatin1String("topK")) return inRange(key, number, 0, 1000, true);
    if (key == QLatin1String("topP") || key == QLatin1String("minP"))
        return inRange(key, number, 0, 1, false);
    if (key == QLatin1String("repeatPenalty")) return inRange(key, number, 1, 2, false);
    if (key == QLatin1String("contextSize"))
        return inRange(
            key, number, kMinContext,
            contextLimit > 0 ? std::max(contextLimit, kMinContext) : kDefaultContextLimit, true);
    // maxTokens: -1 for no limit, else 1 up to kMaxTokensLimit.
    const long long tokens = std::llround(number);
    if (tokens == -1) {
        CheckedSetting out;
        out.accepted = true;
        out.value = -1;
        return out;
    }
    if (tokens < 1) {
        CheckedSetting out;
        out.accepted = true;
        out.value = tokens < 0 ? -1 : 1;
        out.message =
            QCoreApplication::translate("GenerationSettings",
                                        "%1 must be -1 (no limit) or at least 1; it is now %2.")
                .arg(label(key))
                .arg(out.value.toInt());
        return out;
    }
    return inRange(key, number, 1, kMaxTokensLimit, true);
}

}  // namespace siliang::app
