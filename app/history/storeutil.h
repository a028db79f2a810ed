// Small conversions shared by the store's source files (private).
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace siliang::history::util {

inline qint64 toMs(const QDateTime& time) {
    return time.isValid() ? time.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
}

inline QDateTime fromMs(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

inline QString toJsonText(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

inline QString toJsonText(const QStringList& list) {
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

inline QJsonObject objectFromText(const QString& text) {
    if (text.size() <= 2) return {};  // "{}": most rows; skip the parser
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

inline QStringList listFromText(const QString& text) {
    QStringList list;
    for (const QJsonValue& value : QJsonDocument::fromJson(text.toUtf8()).array())
        list << value.toString();
    return list;
}

}  // namespace siliang::history::util
