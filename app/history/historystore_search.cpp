// Full-text search over titles, messages and reasoning.
//
// The FTS5 index holds words and CJK character pairs (ftstokenizer.h), so every
// query word is an index lookup, ranked by bm25 (within a time budget), except a
// lone CJK character, which the index only knows inside pairs; such terms are checked
// with a substring test instead: alongside other words they filter the indexed
// hits, and a query made only of them scans the text newest-first (stopping as
// soon as it has a page of hits).
#include <sqlite3.h>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <algorithm>

#include "ftstokenizer.h"
#include "historystore.h"
#include "sqlitedb.h"

namespace siliang::history {

namespace {

// Private-use code points mark highlights inside snippet() output; they cannot
// come from SQLite itself and are stripped into SearchHit::highlights.
const QChar kOpen(0xE000);
const QChar kClose(0xE001);
// Words at least this long match as prefixes ("pyth" finds "python"); shorter
// ones only as whole words, or "a" would match half the index.
constexpr int kPrefixMinimum = 3;
constexpr int kTitleHits = 10;
constexpr int kSnippetChars = 80;

struct Terms {
    QStringList indexed;  // go to FTS5 MATCH
    QStringList scanned;  // single CJK characters: substring test
};

// Whether FTS5's tokenizer leaves anything of the word to look up: punctuation
// alone ("?", "--") gives no token, and such a word must not become a filter.
bool hasWordCharacter(const QString& word) {
    for (const QChar c : word)
        if (c.isLetterOrNumber()) return true;
    return false;
}

Terms splitQuery(const QString& query) {
    Terms terms;
    for (const QString& word :
         query.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        const QString term = word.toLower();
        const QList<uint> ucs4 = term.toUcs4();
        if (ucs4.size() == 1 && isCjkCharacter(ucs4[0]))
            terms.scanned << term;
        else if (hasWordCharacter(term))
            terms.indexed << term;
    }
    return terms;
}

// Each word becomes a quoted FTS5 string, so that the user's quotes, '*', '-',
// NEAR or AND are searched for literally rather than parsed as query syntax.
// Inside the quotes the tokenizer splits it the way it split the text (a CJK word
// becomes a phrase of consecutive pairs).
// Only the last word is a prefix: it is the one still being typed, and every
// prefix costs a merge of all the index entries it covers.
QString matchExpression(const QStringList& words, bool allowPrefix) {
    QStringList quoted;
    for (qsizetype i = 0; i < words.size(); ++i) {
        QString word = words[i];
        const QList<uint> ucs4 = word.toUcs4();
        const bool prefix = allowPrefix && i == words.size() - 1 && ucs4.size() >= kPrefixMinimum &&
                            !isCjkCharacter(ucs4.back());
        quoted << QLatin1Char('"') + word.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
                      QLatin1Char('"') + (prefix ? QStringLiteral("*") : QString());
    }
    return quoted.join(QLatin1Char(' '));
}

bool containsAll(const QString& text, const QStringList& words) {
    for (const QString& word : words)
        if (!text.contains(word, Qt::CaseInsensitive)) return false;
    return true;
}

// Turns FTS5 snippet() output into plain text plus highlight ranges.
void setSnippet(SearchHit& hit, const QString& marked) {
    hit.snippet.clear();
    int start = -1;
    for (const QChar c : marked) {
        if (c == kOpen) {
            start = int(hit.snippet.size());
        } else if (c == kClose) {
            if (start >= 0) hit.highlights.append({start, int(hit.snippet.size()) - start});
            start = -1;
        } else {
            hit.snippet += c;
        }
    }
}

// The scan path's snippet: a window around the first match, every occurrence of
// every word inside it highlighted.
void makeSnippet(SearchHit& hit, const QString& text, const QStringList& words) {
    int first = int(text.size());
    for (const QString& word : words) {
        const int at = int(text.indexOf(word, 0, Qt::CaseInsensitive));
        if (at >= 0) first = std::min(first, at);
    }
    if (first == int(text.size())) first = 0;
    const int begin = std::max(0, first - kSnippetChars / 3);
    const int end = std::min(int(text.size()), begin + kSnippetChars);
    const QString prefix = begin > 0 ? QStringLiteral("…") : QString();
    hit.snippet = prefix + text.mid(begin, end - begin) +
                  (end < text.size() ? QStringLiteral("…") : QString());
    for (const QString& word : words) {
        for (int at = int(hit.snippet.indexOf(word, 0, Qt::CaseInsensitive)); at >= 0;
             at = int(hit.snippet.indexOf(word, at + word.size(), Qt::CaseInsensitive)))
            hit.highlights.append({at, int(word.size())});
    }
    std::sort(hit.highlights.begin(), hit.highlights.end());
}

// Fills in the owning conversation of message `id`; false if the hit must be
// dropped (deleted conversation, a single-character term missing from the text)
// or was already found by an earlier pass.
bool acceptHit(sql::Db& db, const QList<SearchHit>& hits, const Terms& terms, qint64 id,
               SearchHit& hit) {
    if (std::any_of(hits.cbegin(), hits.cend(),
                    [id](const SearchHit& h) { return h.messageId == id; }))
        return false;
    sql::Stmt owner = db.cached(
        "SELECT c.id, c.title, m.content, m.reasoning FROM messages m JOIN conversations c ON "
        "c.id = m.conversation_id WHERE m.id = ?1 AND c.deleted_at IS NULL");
    owner.bind(1, id);
    if (!owner.step() ||
        !containsAll(owner.text(2) + QLatin1Char('\n') + owner.text(3), terms.scanned))
        return false;
    hit.messageId = id;
    hit.conversationId = owner.int64(0);
    hit.conversationTitle = owner.text(1);
    return true;
}

void setMessageSnippet(SearchHit& hit, const QString& content, const QString& reasoning) {
    const bool inContent = content.contains(kOpen);
    hit.field = inContent ? SearchHit::Field::Content : SearchHit::Field::Reasoning;
    setSnippet(hit, inContent ? content : reasoning);
}

// Message hits for an FTS5 MATCH, best first (`ranked`, bm25) or newest first.
// FTS5 computes snippets for returned rows only; the query over-fetches so that
// hits dropped by acceptHit() are replaced.
void collectMessageHits(sql::Db& db, QList<SearchHit>& hits, qsizetype wanted, int limit,
                        const Terms& terms, bool ranked, const QString& match) {
    sql::Stmt stmt = ranked
                         ? db.cached(
                               "SELECT rowid, snippet(messages_fts, 0, char(57344), char(57345), "
                               "'…', 24), snippet(messages_fts, 1, char(57344), char(57345), '…', "
                               "24), -rank FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY "
                               "rank LIMIT ?2")
                         : db.cached(
                               "SELECT rowid, snippet(messages_fts, 0, char(57344), char(57345), "
                               "'…', 24), snippet(messages_fts, 1, char(57344), char(57345), '…', "
                               "24), 0 FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY "
                               "rowid DESC LIMIT ?2");
    stmt.bind(1, match).bind(2, limit * 4 + 20);
    while (stmt.step() && hits.size() < wanted) {
        SearchHit hit;
        if (!acceptHit(db, hits, terms, stmt.int64(0), hit)) continue;
        setMessageSnippet(hit, stmt.text(1), stmt.text(2));
        hit.score = stmt.real(3);
        hits << hit;
    }
}

// How many of the newest matches are ranked when ranking all of them is too slow.
constexpr int kRecentWindow = 2000;

// When a word is in too many messages to rank them all in time: the best of the
// newest kRecentWindow matches, by term frequency (siliang_tf, ftstokenizer.h).
// Finding the window's oldest row walks the index newest-first and stops there;
// snippets are then made for the returned hits only.
void collectRecentRanked(sql::Db& db, QList<SearchHit>& hits, qsizetype wanted, int limit,
                         const Terms& terms, const QString& match) {
    sql::Stmt edge = db.cached(
        "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY rowid DESC "
        "LIMIT 1 OFFSET ?2");
    edge.bind(1, match).bind(2, kRecentWindow - 1);
    const qint64 oldest = edge.step() ? edge.int64(0) : 0;
    edge.reset();
    sql::Stmt ranked = db.cached(
        "SELECT rowid, siliang_tf(messages_fts) AS score FROM messages_fts WHERE messages_fts "
        "MATCH ?1 AND rowid >= ?2 ORDER BY score DESC, rowid DESC LIMIT ?3");
    ranked.bind(1, match).bind(2, oldest).bind(3, limit * 4 + 20);
    QList<QPair<qint64, double>> candidates;
    while (ranked.step()) candidates.append({ranked.int64(0), ranked.real(1)});
    ranked.reset();
    sql::Stmt snippets = db.cached(
        "SELECT snippet(messages_fts, 0, char(57344), char(57345), '…', 24), "
        "snippet(messages_fts, 1, char(57344), char(57345), '…', 24) FROM messages_fts "
        "WHERE messages_fts MATCH ?1 AND rowid = ?2");
    for (const auto& [id, score] : candidates) {
        if (hits.size() >= wanted) break;
        SearchHit hit;
        if (!acceptHit(db, hits, terms, id, hit)) continue;
        snippets.bind(1, match).bind(2, id);
        if (snippets.step()) setMessageSnippet(hit, snippets.text(0), snippets.text(1));
        snippets.reset();
        hit.score = score;
        hits << hit;
    }
}

}  // namespace

QList<SearchHit> HistoryStore::search(const QString& query, int limit) {
    const Terms terms = splitQuery(query);
    QList<SearchHit> hits;
    if (terms.indexed.isEmpty() && terms.scanned.isEmpty()) return hits;
    db_->setAction(QStringLiteral("search the history"));
    const bool indexed = !terms.indexed.isEmpty();
    const QString match = matchExpression(terms.indexed, true);

    // Titles first: a conversation named after the query is what the user wants.
    if (indexed) {
        sql::Stmt stmt = db_->cached(
            "SELECT c.id, highlight(conversations_fts, 0, char(57344), char(57345)), c.title, "
            "-bm25(conversations_fts) FROM conversations_fts JOIN conversations c ON c.id = "
            "conversations_fts.rowid WHERE conversations_fts MATCH ?1 AND c.deleted_at IS NULL "
            "ORDER BY rank LIMIT ?2");
        stmt.bind(1, match).bind(2, kTitleHits * 4);
        while (stmt.step() && hits.size() < kTitleHits) {
            if (!containsAll(stmt.text(2), terms.scanned)) continue;
            SearchHit hit;
            hit.conversationId = stmt.int64(0);
            hit.field = SearchHit::Field::Title;
            hit.conversationTitle = stmt.text(2);
            setSnippet(hit, stmt.text(1));
            hit.score = stmt.real(3);
            hits << hit;
        }
    } else {
        sql::Stmt stmt = db_->cached(
            "SELECT id, title FROM conversations WHERE deleted_at IS NULL "
            "ORDER BY updated_at DESC");
        while (stmt.step() && hits.size() < kTitleHits) {
            const QString title = stmt.text(1);
            if (!containsAll(title, terms.scanned)) continue;
            SearchHit hit;
            hit.conversationId = stmt.int64(0);
            hit.field = SearchHit::Field::Title;
            hit.conversationTitle = title;
            makeSnippet(hit, title, terms.scanned);
            hits << hit;
        }
    }
    const qsizetype wanted = hits.size() + limit;

    if (indexed) {
        // bm25 ranking scores every matching row before it can return the best
        // ones, so a word found in a large part of a big history ("python" in a
        // programmer's) is slow to rank. The ranked query gets a time budget;
        // past it, only the newest matches are ranked (collectRecentRanked).
        struct Budget {
            QElapsedTimer clock;
            qint64 ms;
        } budget{{}, rankingBudgetMs_};
        budget.clock.start();
        sqlite3_progress_handler(
            db_->handle(), 1000,
            [](void* p) -> int {
                auto* b = static_cast<Budget*>(p);
                return b->clock.elapsed() >= b->ms;
            },
            &budget);
        const qsizetype titleHits = hits.size();
        const QString whole = matchExpression(terms.indexed, false);
        try {
            collectMessageHits(*db_, hits, wanted, limit, terms, true, whole);
        } catch (const HistoryError& error) {
            sqlite3_progress_handler(db_->handle(), 0, nullptr, nullptr);
            if ((error.sqliteCode() & 0xff) != SQLITE_INTERRUPT) throw;
            hits.resize(titleHits);
            collectRecentRanked(*db_, hits, wanted, limit, terms, whole);
        }
        sqlite3_progress_handler(db_->handle(), 0, nullptr, nullptr);
        // Then the last word as a prefix ("pyth" for "python"), if whole words
        // found too little: newest first, because FTS5 expands a prefix into the
        // merged entries of every word it covers before returning a row, a cost
        // the budget could not interrupt, and ranking would add to it.
        const QString prefixed = matchExpression(terms.indexed, true);
        if (hits.size() < wanted && prefixed != whole)
            collectMessageHits(*db_, hits, wanted, limit, terms, false, prefixed);
        sqlite3_progress_handler(db_->handle(), 0, nullptr, nullptr);
        return hits;
    }
    // Only short words: substring scan, newest first. instr() is case-sensitive, so
    // both sides are lower-cased (ASCII only in SQLite, which is what "AI" needs;
    // CJK has no case).
    QByteArray sqlText =
        "SELECT m.id, m.conversation_id, c.title, m.content, m.reasoning FROM "
        "messages m JOIN conversations c ON c.id = m.conversation_id WHERE "
        "m.status <> 'streaming' AND c.deleted_at IS NULL";
    for (int i = 0; i < terms.scanned.size(); ++i)
        sqlText += QStringLiteral(
                       " AND (instr(lower(m.content), ?%1) OR instr(lower(m.reasoning), "
                       "?%1))")
                       .arg(i + 1)
                       .toUtf8();
    sqlText += " ORDER BY m.id DESC LIMIT " + QByteArray::number(limit);
    sql::Stmt stmt = db_->prepare(sqlText);
    for (int i = 0; i < terms.scanned.size(); ++i) stmt.bind(i + 1, terms.scanned[i]);
    while (stmt.step()) {
        SearchHit hit;
        hit.messageId = stmt.int64(0);
        hit.conversationId = stmt.int64(1);
        hit.conversationTitle = stmt.text(2);
        const QString content = stmt.text(3);
        const bool inContent = containsAll(content, terms.scanned);
        hit.field = inContent ? SearchHit::Field::Content : SearchHit::Field::Reasoning;
        makeSnippet(hit, inContent ? content : stmt.text(4), terms.scanned);
        hits << hit;
    }
    return hits;
}

}  // namespace siliang::history
