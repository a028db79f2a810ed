// Full-text search: English, Chinese (3+ characters through the trigram index,
// 1-2 characters through the substring fallback), titles, reasoning, snippets with
// highlights, ranking, and what must not be found.
#include <QJsonArray>

#include "testutil.h"

using namespace siliang::history;
using namespace siliang::history::test;

class TestHistorySearch : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<HistoryStore> store_;
    qint64 travel_ = 0, code_ = 0;
    qint64 beijing_ = 0, rust_ = 0, thinking_ = 0, hamlet_ = 0;

    // Every highlight covers text equal to one of the words (case-insensitively).
    static bool highlightsMatch(const SearchHit& hit, const QStringList& words) {
        if (hit.highlights.isEmpty()) return false;
        for (const auto& [start, length] : hit.highlights) {
            const QString marked = hit.snippet.mid(start, length);
            bool ok = false;
            for (const QString& w : words) ok = ok || marked.compare(w, Qt::CaseInsensitive) == 0;
            if (!ok) return false;
        }
        return true;
    }

    static QList<qint64> messageIds(const QList<SearchHit>& hits) {
        QList<qint64> ids;
        for (const SearchHit& h : hits)
            if (h.messageId) ids << h.messageId;
        return ids;
    }

private slots:
    void initTestCase() {
        store_ = HistoryStore::open(dir_.filePath(QStringLiteral("h.sqlite3"))).store;
        travel_ = store_->createConversation(titled(QStringLiteral("北京旅行计划")));
        beijing_ = store_->appendMessage(
            travel_,
            text(Role::User, QStringLiteral("我们明天去北京天安门广场，然后去故宫博物院。")));
        store_->appendMessage(
            travel_, text(Role::Assistant, QStringLiteral("好的。天安门广场早上六点升旗。")));
        code_ = store_->createConversation(titled(QStringLiteral("Rust lifetimes")));
        rust_ = store_->appendMessage(
            code_,
            text(Role::User, QStringLiteral("Why does the Borrow Checker reject this code?")));
        thinking_ = store_->appendMessage(
            code_,
            text(Role::Assistant, QStringLiteral("Because the reference outlives its owner."),
                 QStringLiteral("The user hits a dangling reference; explain "
                                "lifetimes with an example.")));
        const qint64 lit = store_->createConversation(titled(QStringLiteral("Literature")));
        hamlet_ = store_->appendMessage(
            lit, text(Role::User, QStringLiteral("Hamlet: to be or not to be. Hamlet again, "
                                                 "Hamlet thrice.")));
        store_->appendMessage(
            lit, text(Role::Assistant,
                      QStringLiteral("A long answer that mentions Hamlet only once, among many "
                                     "other words about Denmark, ghosts, revenge, madness, "
                                     "Ophelia, Polonius, Laertes, Horatio and the players.")));
    }

    void findsEnglishCaseInsensitively() {
        const QList<SearchHit> hits = store_->search(QStringLiteral("borrow checker"));
        QCOMPARE(messageIds(hits), QList<qint64>{rust_});
        QCOMPARE(hits[0].conversationId, code_);
        QCOMPARE(hits[0].conversationTitle, QStringLiteral("Rust lifetimes"));
        QCOMPARE(hits[0].field, SearchHit::Field::Content);
        QVERIFY(highlightsMatch(hits[0], {QStringLiteral("borrow"), QStringLiteral("checker")}));
        // The last letters of a word may be missing (typing as you search).
        QCOMPARE(messageIds(store_->search(QStringLiteral("outliv"))), QList<qint64>{thinking_});
        QCOMPARE(messageIds(store_->search(QStringLiteral("borrow check"))), QList<qint64>{rust_});
        QVERIFY(store_->search(QStringLiteral("borr checker")).isEmpty());  // only the last word
        // But a 1-2 letter word matches only itself, not every word it begins.
        QVERIFY(store_->search(QStringLiteral("bo")).isEmpty());
    }

    void findsChineseOfThreeOrMoreCharacters() {
        const QList<SearchHit> hits = store_->search(QStringLiteral("天安门广场"));
        QCOMPARE(hits.size(), 2);
        for (const SearchHit& h : hits) {
            QCOMPARE(h.conversationId, travel_);
            QVERIFY(highlightsMatch(h, {QStringLiteral("天安门广场")}));
        }
        QCOMPARE(messageIds(store_->search(QStringLiteral("博物院"))), QList<qint64>{beijing_});
    }

    void findsTwoCharacterChineseWords() {
        // 2-character words are common in Chinese and below the trigram minimum.
        const QList<SearchHit> hits = store_->search(QStringLiteral("故宫"));
        QCOMPARE(messageIds(hits), QList<qint64>{beijing_});
        QVERIFY(highlightsMatch(hits[0], {QStringLiteral("故宫")}));
        QCOMPARE(hits[0].snippet.mid(hits[0].highlights[0].first, 2), QStringLiteral("故宫"));
        // In titles as well.
        const QList<SearchHit> titleHits = store_->search(QStringLiteral("旅行"));
        QCOMPARE(titleHits.size(), 1);
        QCOMPARE(titleHits[0].field, SearchHit::Field::Title);
        QCOMPARE(titleHits[0].conversationId, travel_);
        // Two short words together, and a single character.
        QCOMPARE(messageIds(store_->search(QStringLiteral("升旗 六点"))).size(), 1);
        QCOMPARE(messageIds(store_->search(QStringLiteral("旗"))).size(), 1);
        // A short word next to a long one narrows the indexed hits.
        QCOMPARE(messageIds(store_->search(QStringLiteral("天安门 故宫"))),
                 QList<qint64>{beijing_});
        QVERIFY(store_->search(QStringLiteral("天安门 上海")).isEmpty());
    }

    void tokenizerHandlesMixedScripts() {
        // Latin next to Han with no space, kana, hangul, accents, emoji, and a
        // broken surrogate: all indexed without error, each found by its own words.
        const qint64 id = store_->createConversation(titled(QStringLiteral("mixed")));
        const qint64 mixed =
            store_->appendMessage(id, text(Role::User, QStringLiteral("用GPT模型写代码")));
        const qint64 japanese =
            store_->appendMessage(id, text(Role::User, QStringLiteral("東京タワーへ行きましょう")));
        const qint64 korean =
            store_->appendMessage(id, text(Role::User, QStringLiteral("안녕하세요 세계")));
        const qint64 accent =
            store_->appendMessage(id, text(Role::User, QStringLiteral("Un café à Zürich 🚀")));
        store_->appendMessage(id, text(Role::User, QString(QChar(0xD800)) + QStringLiteral("x")));
        QCOMPARE(messageIds(store_->search(QStringLiteral("gpt"))), QList<qint64>{mixed});
        QCOMPARE(messageIds(store_->search(QStringLiteral("模型"))), QList<qint64>{mixed});
        QCOMPARE(messageIds(store_->search(QStringLiteral("GPT模型"))), QList<qint64>{mixed});
        QCOMPARE(messageIds(store_->search(QStringLiteral("写代码"))), QList<qint64>{mixed});
        QCOMPARE(messageIds(store_->search(QStringLiteral("タワー"))), QList<qint64>{japanese});
        QCOMPARE(messageIds(store_->search(QStringLiteral("東京"))), QList<qint64>{japanese});
        QCOMPARE(messageIds(store_->search(QStringLiteral("안녕"))), QList<qint64>{korean});
        QCOMPARE(messageIds(store_->search(QStringLiteral("cafe zurich"))), QList<qint64>{accent});
        // Characters in the wrong order are not a match.
        QVERIFY(store_->search(QStringLiteral("型模")).isEmpty());
        QCOMPARE(store_->integrityCheck(), QStringLiteral("ok"));
        const QList<SearchHit> hits = store_->search(QStringLiteral("GPT模型"));
        QVERIFY(highlightsMatch(
            hits[0], {QStringLiteral("GPT模型"), QStringLiteral("GPT"), QStringLiteral("模型")}));
    }

    void searchesTitlesAndReasoning() {
        const QList<SearchHit> title = store_->search(QStringLiteral("lifetimes"));
        QVERIFY(title.size() >= 2);
        QCOMPARE(title[0].field, SearchHit::Field::Title);
        QCOMPARE(title[0].messageId, 0);
        QVERIFY(highlightsMatch(title[0], {QStringLiteral("lifetimes")}));
        QCOMPARE(title[1].field, SearchHit::Field::Reasoning);
        QCOMPARE(title[1].messageId, thinking_);
        const QList<SearchHit> reasoning = store_->search(QStringLiteral("dangling"));
        QCOMPARE(reasoning.size(), 1);
        QCOMPARE(reasoning[0].field, SearchHit::Field::Reasoning);
    }

    void ranksDenseMatchesFirst() {
        const QList<SearchHit> hits = store_->search(QStringLiteral("hamlet"));
        QCOMPARE(hits.size(), 2);
        QCOMPARE(hits[0].messageId, hamlet_);
        QVERIFY(hits[0].score > hits[1].score);
    }

    void queriesAreLiteralNotSyntax() {
        for (const char* q : {"\"unbalanced", "AND", "NEAR(", "borrow*", "-reject", "a:b", "^x",
                              "'; DROP TABLE messages; --", "(", "\"\""})
            store_->search(QString::fromUtf8(q));  // must not throw
        QVERIFY(store_->search(QStringLiteral("   ")).isEmpty());
        QVERIFY(store_->search(QStringLiteral("zzzzqqq")).isEmpty());
        QCOMPARE(store_->integrityCheck(), QStringLiteral("ok"));
    }

    void unfinishedStreamsAndDeletedConversationsAreNotFound() {
        const qint64 id = store_->createConversation(titled(QStringLiteral("stream")));
        NewMessage m = text(Role::Assistant, QStringLiteral("xylophone partial"));
        m.status = MessageStatus::Streaming;
        const qint64 s = store_->appendMessage(id, m);
        store_->appendStreamText(s, QStringLiteral(" more xylophone"), {});
        QVERIFY(store_->search(QStringLiteral("xylophone")).isEmpty());
        store_->finishMessage(s, MessageStatus::Complete, {});
        QCOMPARE(messageIds(store_->search(QStringLiteral("xylophone"))), QList<qint64>{s});
        QCOMPARE(messageIds(store_->search(QStringLiteral("more xylophone"))), QList<qint64>{s});

        store_->deleteConversation(id);
        QVERIFY(store_->search(QStringLiteral("xylophone")).isEmpty());
        QVERIFY(store_->search(QStringLiteral("xy")).isEmpty());
        store_->restoreConversation(id);
        QCOMPARE(store_->search(QStringLiteral("xylophone")).size(), 1);
    }

    void renamedTitlesAreReindexed() {
        const qint64 id = store_->createConversation(titled(QStringLiteral("oldname")));
        store_->setTitle(id, QStringLiteral("newname"));
        QVERIFY(store_->search(QStringLiteral("oldname")).isEmpty());
        QCOMPARE(store_->search(QStringLiteral("newname")).size(), 1);
    }

    void overBudgetRankingRanksTheNewestMatches() {
        // 2,100 matches in one transaction (an import), oldest first: the oldest
        // 100 mention the word 7 times, the newest 2,000 once to 3 times.
        QJsonObject json = store_->exportJson(store_->createConversation({}));
        QJsonArray messages;
        for (int i = 1; i <= 2100; ++i)
            messages.append(QJsonObject{
                {"id", i},
                {"parent", i > 1 ? QJsonValue(i - 1) : QJsonValue()},
                {"role", "user"},
                {"content", QStringLiteral("quince ").repeated(i <= 100 ? 7 : 1 + i % 3)},
                {"createdAt", json.value(QLatin1String("createdAt"))},
                {"status", "complete"}});
        json[QLatin1String("messages")] = messages;
        json[QLatin1String("activeLeaf")] = 2100;
        const qint64 id = store_->importJson(json);
        QList<qint64> ids;
        for (const Message& m : store_->activeBranch(id)) ids << m.id;
        QCOMPARE(ids.size(), 2100);
        auto repetitions = [this](const SearchHit& hit) {
            return store_->message(hit.messageId)->content.count(QStringLiteral("quince"));
        };

        // Enough time: bm25 over all matches puts the dense old ones first.
        store_->setRankingBudget(60000);
        const QList<SearchHit> all = store_->search(QStringLiteral("quince"), 20);
        QCOMPARE(all.size(), 20);
        for (const SearchHit& hit : all) QCOMPARE(repetitions(hit), 7);

        // No time: ranking is interrupted at once; the best of the newest 2,000
        // come back, densest first, then newest first.
        store_->setRankingBudget(0);
        const QList<SearchHit> recent = store_->search(QStringLiteral("quince"), 20);
        store_->setRankingBudget(25);
        QCOMPARE(recent.size(), 20);
        for (const SearchHit& hit : recent) {
            QCOMPARE(repetitions(hit), 3);
            QVERIFY(hit.score > 0);
            QVERIFY(!hit.highlights.isEmpty());
            QCOMPARE(hit.field, SearchHit::Field::Content);
        }
        QCOMPARE(recent[0].messageId, ids[2099 - 1]);  // i = 2099: the newest with 3
        QVERIFY(recent[0].messageId > recent[1].messageId);
    }

    void respectsLimit() {
        const qint64 id = store_->createConversation({});
        for (int i = 0; i < 30; ++i)
            store_->appendMessage(
                id, text(Role::User, QStringLiteral("repeated kumquat 橘 %1").arg(i)));
        QCOMPARE(store_->search(QStringLiteral("kumquat"), 10).size(), 10);
        QCOMPARE(store_->search(QStringLiteral("kumquat"), 100).size(), 30);
        QCOMPARE(store_->search(QStringLiteral("橘"), 5).size(), 5);  // substring scan
    }
};

QTEST_GUILESS_MAIN(TestHistorySearch)
#include "test_history_search.moc"
