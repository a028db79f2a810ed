#include "historytypes.h"

#include "historyerror.h"

namespace siliang::history {

namespace {
constexpr const char* kRoles[] = {"system", "user", "assistant", "tool"};
constexpr const char* kStatuses[] = {"complete", "streaming", "stopped", "interrupted", "error"};
}  // namespace

QString nameOf(Role role) {
    return QString::fromLatin1(kRoles[static_cast<int>(role)]);
}

QString nameOf(MessageStatus status) {
    return QString::fromLatin1(kStatuses[static_cast<int>(status)]);
}

Role roleFromString(const QString& name) {
    for (int i = 0; i < 4; ++i)
        if (name == QLatin1String(kRoles[i])) return static_cast<Role>(i);
    throw HistoryError(ErrorKind::InvalidArgument,
                       QStringLiteral("Unknown message role \"%1\".").arg(name));
}

MessageStatus statusFromString(const QString& name) {
    for (int i = 0; i < 5; ++i)
        if (name == QLatin1String(kStatuses[i])) return static_cast<MessageStatus>(i);
    throw HistoryError(ErrorKind::InvalidArgument,
                       QStringLiteral("Unknown message status \"%1\".").arg(name));
}

}  // namespace siliang::history
