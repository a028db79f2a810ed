// The chat list models without a model: rows from the store's values, streaming
// updates touching one row and naming the roles that changed, date sections.
#include <QSignalSpy>
#include <QTest>

#include "conversationlistmodel.h"
#include "messagelistmodel.h"

using siliang::app::ConversationListModel;
using siliang::app::MessageListModel;
namespace history = siliang::history;

class TestChatModels : public QObject {
    Q_OBJECT
private slots:
    void messageRowsComeFromTheBranch();
    void streamingUpdatesOnlyTheStreamingRowAndRole();
    void conversationsAreGroupedByDate();
};

void TestChatModels::messageRowsComeFromTheBranch() {
    history::Message user;
    user.id = 1;
    user.role = history::Role::User;
    user.content = QStringLiteral("Hello");
    history::Message answer;
    answer.id = 2;
    answer.role = history::Role::Assistant;
    answer.content = QStringLiteral("Hi **there**");
    answer.reasoning = QStringLiteral("greet back");
    answer.stats.reasoningMs = 2400;
    answer.stats.completionTokens = 4;
    answer.status = history::MessageStatus::Stopped;
    history::Message system;
    system.role = history::Role::System;

    MessageListModel model;
    QSignalSpy count(&model, &MessageListModel::countChanged);
    model.setMessages({system, user, answer});
    QCOMPARE(model.rowCount(), 2);  // the system prompt is not a chat row
    QCOMPARE(count.size(), 1);
    const QModelIndex second = model.index(1);
    QCOMPARE(model.data(second, MessageListModel::RoleRole).toString(),
             QStringLiteral("assistant"));
    QCOMPARE(model.data(second, MessageListModel::ContentRole).toString(), answer.content);
    QCOMPARE(model.data(second, MessageListModel::ReasoningRole).toString(), answer.reasoning);
    QCOMPARE(model.data(second, MessageListModel::ReasoningSecondsRole).toInt(), 2);
    QCOMPARE(model.data(second, MessageListModel::StatusRole).toString(),
             QStringLiteral("stopped"));
    QCOMPARE(
        model.data(second, MessageListModel::StatsRole).toMap().value("completionTokens").toInt(),
        4);
    QVERIFY(model.roleNames().values().contains("reasoningSeconds"));
}

void TestChatModels::streamingUpdatesOnlyTheStreamingRowAndRole() {
    MessageListModel model;
    MessageListModel::Row user;
    user.role = QStringLiteral("user");
    user.content = QStringLiteral("Question");
    model.append(user);
    MessageListModel::Row answer;
    answer.role = QStringLiteral("assistant");
    answer.status = QStringLiteral("streaming");
    const int row = model.append(answer);
    QCOMPARE(row, 1);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setThinking(row, true);
    model.appendReasoning(row, QStringLiteral("Let me "));
    model.appendReasoning(row, QStringLiteral("think."));
    model.setThinking(row, false);
    model.appendContent(row, QStringLiteral("The "));
    model.appendContent(row, QStringLiteral("answer."));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 6);
    const QList<QList<int>> expected = {
        {MessageListModel::ThinkingRole},  {MessageListModel::ReasoningRole},
        {MessageListModel::ReasoningRole}, {MessageListModel::ThinkingRole},
        {MessageListModel::ContentRole},   {MessageListModel::ContentRole}};
    for (int i = 0; i < changed.size(); ++i) {
        QCOMPARE(changed[i][0].toModelIndex().row(), row);
        QCOMPARE(changed[i][1].toModelIndex().row(), row);
        QCOMPARE(changed[i][2].value<QList<int>>(), expected[i]);
    }
    QCOMPARE(model.at(row).reasoning, QStringLiteral("Let me think."));
    QCOMPARE(model.at(row).content, QStringLiteral("The answer."));
    model.appendContent(row, QString());  // nothing new: no signal
    QCOMPARE(changed.size(), 6);
}

void TestChatModels::conversationsAreGroupedByDate() {
    const QDate today(2026, 3, 10);
    auto at = [&](int daysAgo, bool pinned = false) {
        history::Conversation c;
        c.id = daysAgo + 1;
        c.title = QStringLiteral("c%1").arg(daysAgo);
        c.pinned = pinned;
        c.updatedAt = QDateTime(today.addDays(-daysAgo), QTime(12, 0)).toUTC();
        return c;
    };
    ConversationListModel model;
    model.setConversations({at(30, true), at(0), at(1), at(3), at(7), at(8), at(400)}, today);
    QStringList sections;
    for (int i = 0; i < model.rowCount(); ++i)
        sections << model.data(model.index(i), ConversationListModel::SectionRole).toString();
    QCOMPARE(sections, (QStringList{"Pinned", "Today", "Yesterday", "Previous 7 days",
                                    "Previous 7 days", "Older", "Older"}));
    QCOMPARE(model.data(model.index(1), ConversationListModel::TitleRole).toString(),
             QStringLiteral("c0"));
    QCOMPARE(model.data(model.index(0), ConversationListModel::PinnedRole).toBool(), true);
    QCOMPARE(model.indexOf(4), 3);
    QCOMPARE(model.indexOf(999), -1);
}

QTEST_APPLESS_MAIN(TestChatModels)
#include "tst_chat_models.moc"
