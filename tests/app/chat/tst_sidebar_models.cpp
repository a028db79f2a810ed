// The sidebar's models and actions, on a real history file in a temporary folder
// (no language model needed): date sections against an injected clock, across
// midnight and on their own at midnight; pinned first; search snippets that escape
// HTML and highlight Latin and CJK matches, debounced while typing; rename, pin,
// delete with undo, export and opening a search hit on another branch, each read
// back from the file through a second connection and after reopening it.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "chatcontroller.h"

using siliang::app::ChatController;
using siliang::app::ConversationListModel;
using siliang::app::SearchResultsModel;
namespace history = siliang::history;

namespace {

history::Conversation conversationAt(qint64 id, const QDateTime& updated, bool pinned = false) {
    history::Conversation c;
    c.id = id;
    c.title = QStringLiteral("c%1").arg(id);
    c.updatedAt = updated.toUTC();
    c.pinned = pinned;
    return c;
}

QStringList sections(const ConversationListModel& model) {
    QStringList list;
    for (int i = 0; i < model.rowCount(); ++i)
        list << model.data(model.index(i), ConversationListModel::SectionRole).toString();
    return list;
}

QList<qint64> ids(const ConversationListModel& model) {
    QList<qint64> list;
    for (int i = 0; i < model.rowCount(); ++i)
        list << model.data(model.index(i), ConversationListModel::IdRole).toLongLong();
    return list;
}

history::NewMessage text(history::Role role, const QString& content) {
    history::NewMessage m;
    m.role = role;
    m.content = content;
    return m;
}

history::NewConversation named(const QString& title) {
    history::NewConversation c;
    c.title = title;
    return c;
}

QString snippetAt(const SearchResultsModel& model, int row) {
    return model.data(model.index(row), SearchResultsModel::SnippetRole).toString();
}

QString mark(const QString& word) {
    return QStringLiteral("<span style=\"background-color:#ffe082\"><b>%1</b></span>").arg(word);
}

}  // namespace

class TestSidebarModels : public QObject {
    Q_OBJECT
private slots:
    void init();
    void sectionsFollowTheClockAcrossMidnight();
    void sectionsChangeOnTheirOwnAtMidnight();
    void pinnedComeFirstFromAnUnsortedList();
    void snippetHtmlEscapesAndMergesHighlights();
    void searchHighlightsLatinAndCjkFromTheStore();
    void searchWaitsForTypingToPause();
    void renamePinDeleteUndoRoundTripThroughTheFile();
    void undoExpiresAndTheDeleteStays();
    void exportWritesMarkdownAndJson();
    void exportReportsBadTargets();
    void openSearchHitShowsItsBranchAndScrolls();

private:
    std::unique_ptr<ChatController> openChat();
    std::unique_ptr<QTemporaryDir> dir_;
    QString dbPath_;
};

void TestSidebarModels::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    dbPath_ = dir_->filePath(QStringLiteral("history.sqlite3"));
}

std::unique_ptr<ChatController> TestSidebarModels::openChat() {
    history::OpenResult opened = history::HistoryStore::open(dbPath_);
    if (!opened.store || opened.store->isReadOnly()) return nullptr;
    return std::make_unique<ChatController>(std::move(opened.store), opened.message);
}

void TestSidebarModels::sectionsFollowTheClockAcrossMidnight() {
    const QDate day(2026, 3, 10);
    QDateTime now(day, QTime(23, 59, 30));
    ConversationListModel model;
    model.setClock([&now] { return now; });
    model.setConversations({
        conversationAt(1, QDateTime(day, QTime(0, 0, 1))),             // today, just
        conversationAt(2, QDateTime(day.addDays(-1), QTime(23, 59))),  // yesterday
        conversationAt(3, QDateTime(day.addDays(-6), QTime(12, 0))),
        conversationAt(4, QDateTime(day.addDays(-7), QTime(12, 0))),
        conversationAt(5, QDateTime(day.addDays(-8), QTime(12, 0))),
        conversationAt(6, QDateTime(day.addDays(-300), QTime(12, 0)), true),
    });
    QCOMPARE(ids(model), (QList<qint64>{6, 1, 2, 3, 4, 5}));
    QCOMPARE(sections(model), (QStringList{"Pinned", "Today", "Yesterday", "Previous 7 days",
                                           "Previous 7 days", "Older"}));
    QCOMPARE(model.msUntilMidnight(), 30000);

    // Half a minute later it is tomorrow: every unpinned row moves one day back.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    now = QDateTime(day.addDays(1), QTime(0, 0, 5));
    model.refreshSections();
    QCOMPARE(sections(model), (QStringList{"Pinned", "Yesterday", "Previous 7 days",
                                           "Previous 7 days", "Older", "Older"}));
    QCOMPARE(reset.size(), 0);  // the view keeps its scroll position
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex().row(), 1);  // pinned row untouched
    QCOMPARE(changed[0][1].toModelIndex().row(), 4);  // "Older" stays "Older"
    QCOMPARE(changed[0][2].value<QList<int>>(), QList<int>{ConversationListModel::SectionRole});

    // Nothing changes within a day: no signal.
    now = QDateTime(day.addDays(1), QTime(18, 0));
    model.refreshSections();
    QCOMPARE(changed.size(), 1);
    // A clock set back a day still calls the newest "Today", never something else.
    now = QDateTime(day.addDays(-1), QTime(8, 0));
    model.refreshSections();
    QCOMPARE(sections(model).mid(0, 3), (QStringList{"Pinned", "Today", "Today"}));
}

void TestSidebarModels::sectionsChangeOnTheirOwnAtMidnight() {
    // A clock 1.2 s before midnight that runs at real speed: the model's own timer
    // must re-section shortly after it passes midnight, with no reload.
    const QDate day(2026, 5, 1);
    const QDateTime start(day, QTime(23, 59, 58, 800));
    QElapsedTimer elapsed;
    elapsed.start();
    ConversationListModel model;
    model.setClock([&] { return start.addMSecs(elapsed.elapsed()); });
    model.setConversations({conversationAt(1, QDateTime(day, QTime(9, 0)))});
    QCOMPARE(sections(model), QStringList{"Today"});
    QTRY_COMPARE_WITH_TIMEOUT(sections(model), QStringList{"Yesterday"}, 6000);
    QVERIFY(elapsed.elapsed() >= 1200);
}

void TestSidebarModels::pinnedComeFirstFromAnUnsortedList() {
    const QDate day(2026, 3, 10);
    ConversationListModel model;
    model.setConversations(
        {
            conversationAt(1, QDateTime(day.addDays(-3), QTime(9, 0))),
            conversationAt(2, QDateTime(day.addDays(-40), QTime(9, 0)), true),
            conversationAt(3, QDateTime(day, QTime(9, 0))),
            conversationAt(4, QDateTime(day.addDays(-2), QTime(9, 0)), true),
        },
        day);
    QCOMPARE(ids(model), (QList<qint64>{4, 2, 3, 1}));
    QCOMPARE(sections(model), (QStringList{"Pinned", "Pinned", "Today", "Previous 7 days"}));
    QCOMPARE(model.indexOf(3), 2);
}

void TestSidebarModels::snippetHtmlEscapesAndMergesHighlights() {
    const QString snippet = QStringLiteral("<script>alert(1)</script> & \"python\"\nnext");
    // "python" at 29..35; a second range overlapping the first; one out of bounds.
    const QString html = SearchResultsModel::snippetHtml(snippet, {{31, 4}, {29, 3}, {90, 4}},
                                                         QStringLiteral("#ffe082"));
    QCOMPARE(html, QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;") +
                       mark(QStringLiteral("python")) + QStringLiteral("&quot; next"));
    // CJK pairs as FTS5 reports them: 机器 器学 学习 → one highlighted word.
    const QString cjk = QStringLiteral("我们学习机器学习。");
    QCOMPARE(SearchResultsModel::snippetHtml(cjk, {{4, 2}, {5, 2}, {6, 2}}, "#ffe082"),
             QStringLiteral("我们学习") + mark(QStringLiteral("机器学习")) + QStringLiteral("。"));
    // A hostile colour cannot break out of the attribute.
    QVERIFY(!SearchResultsModel::snippetHtml("ab", {{0, 1}}, "red\"><img src=x>").contains("<img"));
}

void TestSidebarModels::searchHighlightsLatinAndCjkFromTheStore() {
    qint64 latin = 0, cjk = 0, single = 0, titled = 0;
    {
        history::OpenResult opened = history::HistoryStore::open(dbPath_);
        QVERIFY(opened.store);
        history::HistoryStore& store = *opened.store;
        const qint64 a = store.createConversation(named(QStringLiteral("Shell help")));
        store.appendMessage(a, text(history::Role::User, QStringLiteral("How do I pip install?")));
        latin = store.appendMessage(
            a, text(history::Role::Assistant,
                    QStringLiteral("Use <b>python</b> -m pip & check \"PATH\".\nDone.")));
        const qint64 b = store.createConversation(named(QStringLiteral("中文")));
        cjk = store.appendMessage(
            b, text(history::Role::User, QStringLiteral("我们今天一起学习机器学习的基本方法。")));
        single = store.appendMessage(
            b, text(history::Role::Assistant, QStringLiteral("好的，先说说猫和<狗>。")));
        titled = store.createConversation(named(QStringLiteral("Python <tips> & tricks")));
    }
    auto chat = openChat();
    QVERIFY(chat);
    SearchResultsModel& search = chat->searchModel();

    search.setQuery(QStringLiteral("python"));
    search.searchNow();
    QCOMPARE(search.rowCount(), 2);
    // The title first, its own markup escaped.
    QCOMPARE(search.conversationIdAt(0), titled);
    QCOMPARE(search.messageIdAt(0), 0);
    QCOMPARE(search.data(search.index(0), SearchResultsModel::FieldRole).toString(), "title");
    QCOMPARE(snippetAt(search, 0),
             mark(QStringLiteral("Python")) + QStringLiteral(" &lt;tips&gt; &amp; tricks"));
    QCOMPARE(search.messageIdAt(1), latin);
    const QString html = snippetAt(search, 1);
    QVERIFY2(html.contains(QStringLiteral("&lt;b&gt;") + mark(QStringLiteral("python")) +
                           QStringLiteral("&lt;/b&gt;")),
             qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("&amp; check &quot;PATH&quot;. Done.")),
             qPrintable(html));
    QCOMPARE(search.data(search.index(1), SearchResultsModel::TitleRole).toString(), "Shell help");
    QVERIFY(search.data(search.index(1), SearchResultsModel::DateRole).toDateTime().isValid());

    // Chinese inside running text: one highlighted run, not three pairs.
    search.setQuery(QStringLiteral("机器学习"));
    search.searchNow();
    QCOMPARE(search.rowCount(), 1);
    QCOMPARE(search.messageIdAt(0), cjk);
    QVERIFY2(snippetAt(search, 0).contains(mark(QStringLiteral("机器学习"))),
             qPrintable(snippetAt(search, 0)));

    // A single character goes through the substring scan; its snippet escapes too.
    search.setQuery(QStringLiteral("猫"));
    search.searchNow();
    QCOMPARE(search.rowCount(), 1);
    QCOMPARE(search.messageIdAt(0), single);
    QCOMPARE(snippetAt(search, 0), QStringLiteral("好的，先说说") + mark(QStringLiteral("猫")) +
                                       QStringLiteral("和&lt;狗&gt;。"));

    // Dark theme: the view changes the highlight colour; snippets follow.
    QSignalSpy changed(&search, &QAbstractItemModel::dataChanged);
    search.setHighlightColor(QStringLiteral("#5c4d00"));
    QCOMPARE(changed.size(), 1);
    QVERIFY(snippetAt(search, 0).contains(QStringLiteral("background-color:#5c4d00")));

    // Nothing found, then cleared: empty at once, no error.
    search.setQuery(QStringLiteral("zebra"));
    search.searchNow();
    QCOMPARE(search.rowCount(), 0);
    search.setQuery(QStringLiteral("猫"));
    search.searchNow();
    QCOMPARE(search.rowCount(), 1);
    search.clear();
    QVERIFY(!search.pending());
    QCOMPARE(search.rowCount(), 0);
    QVERIFY(search.error().isEmpty());
}

void TestSidebarModels::searchWaitsForTypingToPause() {
    {
        history::OpenResult opened = history::HistoryStore::open(dbPath_);
        const qint64 a = opened.store->createConversation(named(QStringLiteral("Notes")));
        opened.store->appendMessage(a, text(history::Role::User, QStringLiteral("pythonic code")));
    }
    auto chat = openChat();
    QVERIFY(chat);
    SearchResultsModel& search = chat->searchModel();
    QSignalSpy resets(&search, &QAbstractItemModel::modelReset);
    QElapsedTimer clock;
    clock.start();
    // Typed a key every 40 ms: no search until typing pauses, then exactly one.
    for (const QString& typed : QStringList{"p", "py", "pyt", "pyth"}) {
        search.setQuery(typed);
        QVERIFY(search.pending());
        QTest::qWait(40);
    }
    QCOMPARE(resets.size(), 0);
    QTRY_VERIFY(!search.pending());
    QCOMPARE(resets.size(), 1);
    QVERIFY(clock.elapsed() >= 3 * 40 + SearchResultsModel::kDebounceMs);
    QCOMPARE(search.rowCount(), 1);  // "pyth" as a prefix of "pythonic"
    QVERIFY(snippetAt(search, 0).contains(mark(QStringLiteral("pythonic"))));
}

void TestSidebarModels::renamePinDeleteUndoRoundTripThroughTheFile() {
    qint64 a = 0, b = 0, c = 0;
    {
        history::OpenResult opened = history::HistoryStore::open(dbPath_);
        history::HistoryStore& store = *opened.store;
        a = store.createConversation(named(QStringLiteral("Alpha")));
        store.appendMessage(a, text(history::Role::User, QStringLiteral("first walrus")));
        QTest::qWait(3);  // distinct update times: a definite order
        b = store.createConversation(named(QStringLiteral("Beta")));
        store.appendMessage(b, text(history::Role::User, QStringLiteral("second walrus")));
        QTest::qWait(3);
        c = store.createConversation(named(QStringLiteral("Gamma")));
        store.appendMessage(c, text(history::Role::User, QStringLiteral("third")));
    }
    auto chat = openChat();
    QVERIFY(chat);
    ConversationListModel& list = chat->conversationModel();
    QCOMPARE(ids(list), (QList<qint64>{c, b, a}));

    // Rename: spaces tidied; the open conversation's title follows; blank is ignored.
    chat->openConversation(b);
    QSignalSpy titleChanged(chat.get(), &ChatController::conversationChanged);
    chat->renameConversation(b, QStringLiteral("  Beta   renamed "));
    QCOMPARE(chat->conversationTitle(), QStringLiteral("Beta renamed"));
    QCOMPARE(titleChanged.size(), 1);
    QCOMPARE(list.data(list.index(list.indexOf(b)), ConversationListModel::TitleRole).toString(),
             QStringLiteral("Beta renamed"));
    chat->renameConversation(b, QStringLiteral("   "));
    QCOMPARE(chat->store()->openConnection()->conversation(b)->title,
             QStringLiteral("Beta renamed"));

    // Pin the oldest: it leads the list in its own section; unpin puts it back.
    chat->setPinned(a, true);
    QCOMPARE(ids(list), (QList<qint64>{a, c, b}));
    QCOMPARE(sections(list).first(), QStringLiteral("Pinned"));
    QVERIFY(chat->store()->openConnection()->conversation(a)->pinned);

    // Search sees the change, then loses a deleted conversation at once.
    chat->searchModel().setQuery(QStringLiteral("walrus"));
    chat->searchModel().searchNow();
    QCOMPARE(chat->searchModel().rowCount(), 2);

    // Delete the open one: the view empties, Undo is offered, search forgets it.
    QSignalSpy notice(chat.get(), &ChatController::noticeChanged);
    chat->deleteConversation(b);
    QCOMPARE(chat->conversationId(), 0);
    QCOMPARE(chat->messageModel().rowCount(), 0);
    QCOMPARE(ids(list), (QList<qint64>{a, c}));
    QVERIFY(chat->canUndoDelete());
    QVERIFY(chat->notice().contains(QStringLiteral("Beta renamed")));
    QCOMPARE(notice.size(), 1);
    QCOMPARE(chat->searchModel().rowCount(), 1);
    QVERIFY(chat->store()->openConnection()->conversation(b)->deletedAt.has_value());

    // Undo: back in the list and open again, as before.
    chat->undoDelete();
    QVERIFY(!chat->canUndoDelete());
    QVERIFY(chat->notice().isEmpty());
    QCOMPARE(ids(list), (QList<qint64>{a, c, b}));
    QCOMPARE(chat->conversationId(), b);
    QCOMPARE(chat->messageModel().rowCount(), 1);
    QCOMPARE(chat->searchModel().rowCount(), 2);
    chat->undoDelete();  // nothing left to undo: no effect
    QCOMPARE(ids(list), (QList<qint64>{a, c, b}));

    // Deleting one that is not open leaves the open one alone.
    chat->deleteConversation(c);
    QCOMPARE(chat->conversationId(), b);
    QCOMPARE(ids(list), (QList<qint64>{a, b}));

    // All of it is in the file: reopen it from scratch.
    chat.reset();
    auto reopened = openChat();
    QVERIFY(reopened);
    const ConversationListModel& again = reopened->conversationModel();
    QCOMPARE(ids(again), (QList<qint64>{a, b}));
    QCOMPARE(sections(again), (QStringList{"Pinned", "Today"}));
    QCOMPARE(again.data(again.index(1), ConversationListModel::TitleRole).toString(),
             QStringLiteral("Beta renamed"));
    QCOMPARE(reopened->store()->deletedConversations().size(), 1);
    QCOMPARE(reopened->store()->deletedConversations().first().id, c);
}

void TestSidebarModels::undoExpiresAndTheDeleteStays() {
    qint64 a = 0;
    {
        history::OpenResult opened = history::HistoryStore::open(dbPath_);
        a = opened.store->createConversation(named(QStringLiteral("Short-lived")));
    }
    auto chat = openChat();
    QVERIFY(chat);
    chat->setNoticeTimeout(150);
    chat->deleteConversation(a);
    QVERIFY(chat->canUndoDelete());
    QTRY_VERIFY(!chat->canUndoDelete());
    QVERIFY(chat->notice().isEmpty());
    chat->undoDelete();  // too late
    QCOMPARE(chat->conversationModel().rowCount(), 0);
    QVERIFY(chat->store()->conversation(a)->deletedAt.has_value());
    // The sidebar's own restore still works.
    chat->restoreConversation(a);
    QCOMPARE(chat->conversationModel().rowCount(), 1);
}

void TestSidebarModels::exportWritesMarkdownAndJson() {
    qint64 a = 0;
    {
        history::OpenResult opened = history::HistoryStore::open(dbPath_);
        history::HistoryStore& store = *opened.store;
        a = store.createConversation(named(QStringLiteral("Trip: Paris/Rome?")));
        const qint64 u = store.appendMessage(a, text(history::Role::User, QStringLiteral("Plan")));
        const qint64 first =
            store.appendMessage(a, text(history::Role::Assistant, QStringLiteral("Day 1: Louvre")));
        store.addSibling(first, text(history::Role::Assistant, QStringLiteral("Day 1: Colosseum")));
        Q_UNUSED(u);
    }
    auto chat = openChat();
    QVERIFY(chat);
    QCOMPARE(chat->exportFileName(a, QStringLiteral("markdown")),
             QStringLiteral("Trip_ Paris_Rome_.md"));
    QCOMPARE(chat->exportFileName(a, QStringLiteral("json")),
             QStringLiteral("Trip_ Paris_Rome_.json"));
    QVERIFY(chat->exportFileUrl(a, QStringLiteral("json")).isLocalFile());

    const QString md = dir_->filePath(QStringLiteral("trip.md"));
    QVERIFY(chat->exportConversation(a, QUrl::fromLocalFile(md).toString(), "markdown"));
    QVERIFY(chat->notice().contains(QStringLiteral("trip.md")));
    QFile mdFile(md);
    QVERIFY(mdFile.open(QIODevice::ReadOnly));
    const QString markdown = QString::fromUtf8(mdFile.readAll());
    QCOMPARE(markdown, chat->store()->exportMarkdown(a));
    QVERIFY(markdown.contains(QStringLiteral("Day 1: Colosseum")));  // the active branch
    QVERIFY(!markdown.contains(QStringLiteral("Louvre")));

    const QString json = dir_->filePath(QStringLiteral("trip.json"));
    QVERIFY(chat->exportConversation(a, json, QStringLiteral("json")));  // a plain path too
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(jsonFile.readAll(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    // Lossless: importing it gives both branches back.
    const qint64 imported = chat->store()->importJson(doc.object());
    QCOMPARE(chat->store()->conversation(imported)->title, QStringLiteral("Trip: Paris/Rome?"));
    const QList<history::Message> branch = chat->store()->activeBranch(imported);
    QCOMPARE(branch.size(), 2);
    QCOMPARE(branch.last().siblingCount, 2);
    QVERIFY(chat->errorMessage().isEmpty());
}

void TestSidebarModels::exportReportsBadTargets() {
    qint64 a = 0;
    {
        history::OpenResult opened = history::HistoryStore::open(dbPath_);
        a = opened.store->createConversation(named(QStringLiteral("x")));
    }
    auto chat = openChat();
    QVERIFY(chat);
    const QString missingDir = dir_->filePath(QStringLiteral("no/such/folder/x.md"));
    QVERIFY(!chat->exportConversation(a, missingDir, QStringLiteral("markdown")));
    QVERIFY(chat->errorMessage().contains(QStringLiteral("x.md")));
    QVERIFY(!QFile::exists(missingDir));
    chat->dismissError();
    QVERIFY(!chat->exportConversation(a, dir_->filePath("x.txt"), QStringLiteral("pdf")));
    QVERIFY(chat->errorMessage().contains(QStringLiteral("pdf")));
    chat->dismissError();
    QVERIFY(!chat->exportConversation(a + 100, dir_->filePath("y.md"), "markdown"));
    QVERIFY(!chat->errorMessage().isEmpty());
    QVERIFY(!QFile::exists(dir_->filePath("y.md")));
}

void TestSidebarModels::openSearchHitShowsItsBranchAndScrolls() {
    qint64 conv = 0, oldAnswer = 0, newAnswer = 0, late = 0;
    {
        history::OpenResult opened = history::HistoryStore::open(dbPath_);
        history::HistoryStore& store = *opened.store;
        conv = store.createConversation(named(QStringLiteral("Branches")));
        store.appendMessage(conv, text(history::Role::User, QStringLiteral("Name a bird")));
        oldAnswer =
            store.appendMessage(conv, text(history::Role::Assistant, QStringLiteral("A heron")));
        newAnswer =
            store.addSibling(oldAnswer, text(history::Role::Assistant, QStringLiteral("A robin")));
        store.appendMessage(conv, text(history::Role::User, QStringLiteral("Another")));
        late = store.appendMessage(conv, text(history::Role::Assistant, QStringLiteral("A crane")));
        store.createConversation(named(QStringLiteral("Elsewhere")));
    }
    auto chat = openChat();
    QVERIFY(chat);
    QSignalSpy scroll(chat.get(), &ChatController::scrollToMessage);

    // On the active branch: opened at row 3.
    chat->searchModel().setQuery(QStringLiteral("crane"));
    chat->searchModel().searchNow();
    QCOMPARE(chat->searchModel().messageIdAt(0), late);
    chat->openSearchHit(conv, late);
    QCOMPARE(chat->conversationId(), conv);
    QCOMPARE(chat->messageModel().rowCount(), 4);
    QCOMPARE(scroll.size(), 1);
    QCOMPARE(scroll.takeFirst().at(0).toInt(), 3);
    QCOMPARE(chat->messageModel().at(1).id, newAnswer);

    // The regenerated-away answer: its branch becomes the shown one.
    chat->openSearchHit(conv, oldAnswer);
    QCOMPARE(scroll.size(), 1);
    QCOMPARE(scroll.takeFirst().at(0).toInt(), 1);
    QCOMPARE(chat->messageModel().rowCount(), 2);
    QCOMPARE(chat->messageModel().at(1).id, oldAnswer);
    QCOMPARE(chat->messageModel().at(1).siblingIndex, 0);
    QCOMPARE(chat->messageModel().at(1).siblingCount, 2);

    // A title hit opens the conversation without scrolling; unknown ids do nothing.
    chat->newConversation();
    chat->openSearchHit(conv, 0);
    QCOMPARE(chat->conversationId(), conv);
    QCOMPARE(scroll.size(), 0);
    chat->openSearchHit(conv + 1000, 5);
    QCOMPARE(chat->conversationId(), conv);
    chat->openSearchHit(conv, late + 1000);
    QCOMPARE(chat->conversationId(), conv);
    QCOMPARE(scroll.size(), 0);
    QVERIFY(!chat->errorMessage().isEmpty());  // the store names the missing message
}

QTEST_GUILESS_MAIN(TestSidebarModels)
#include "tst_sidebar_models.moc"
